package pii

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// benchReport is a report of the usual length with a little of everything
// in it, personal data and the numbers that are not.
const benchReport = "Lördag v. 8: hög belastning vid afterski Lindvallen 15–18, ca 200 gäster. " +
	"4 berusade personer avvisades, en omhändertogs enligt LOB kl 17:40. Mannen, 811218-9876, " +
	"uppgav telefon 070-123 45 67 och e-post kalle.k@example.com. Bilen ABC 123 stod på " +
	"parkeringen vid rv 70. Ordningsvakterna (3 st) begärde förstärkning 17.55, 2026-02-21."

// benchCleanReport is a report with no personal data in it, the common
// case.
const benchCleanReport = "Lördag v. 8: hög belastning vid afterski Lindvallen 15–18, ca 200 gäster. " +
	"4 berusade personer avvisades, en omhändertogs enligt LOB kl 17:40. Ordningsvakterna (3 st) " +
	"begärde förstärkning 17.55. Klotter på ICA Maxis fasad mot rv 70, ca 3 x 2 meter, fotograferat " +
	"2026-02-21 kl. 08.10 och anmält till fastighetsägaren."

func BenchmarkScanCleanReport(b *testing.B) {
	b.SetBytes(int64(len(benchCleanReport)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(benchCleanReport)
	}
}

func BenchmarkScanReport(b *testing.B) {
	b.SetBytes(int64(len(benchReport)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(benchReport)
	}
}

func BenchmarkCheckReport(b *testing.B) {
	b.SetBytes(int64(len(benchReport)))
	b.ReportAllocs()
	for b.Loop() {
		Check(benchReport)
	}
}

// BenchmarkScanPolicePages scans the 418 police event pages of the test
// data: long Swedish prose with few findings, the common case.
func BenchmarkScanPolicePages(b *testing.B) {
	f, err := os.Open("testdata/polisen_event_pages_mora_malung_salen_text.json.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var pages []struct {
		Lines []string `json:"page_text_lines"`
	}
	if err := json.NewDecoder(zr).Decode(&pages); err != nil {
		b.Fatal(err)
	}
	texts := make([]string, len(pages))
	size := 0
	for i, p := range pages {
		texts[i] = strings.Join(p.Lines, "\n")
		size += len(texts[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Scan(t)
		}
	}
}
