package export

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/testenv"
)

func sampleInspection(t *testing.T) (premises.Inspection, premises.Premises) {
	loc := stockholm(t)
	p := premises.Premises{ID: 3, MunicipalityCode: "2023", RestaurantNumber: "20230003", Name: "Nattklubben Lindvallen (demo)",
		OrganizationNumber: "559900-1212", HolderName: "Nattklubben AB (demo)", Address: "Lindvallen 16, 780 67 Sälen",
		LicenceType: premises.PermanentPublic, ServingHours: "11.00–03.00", Status: premises.Open}
	checks := []premises.Check{}
	for i, c := range premises.DefaultChecklist(premises.Joint) {
		result, note := premises.ResultOK, ""
		switch i {
		case 1:
			result, note = premises.ResultDeficiency, "Personalen i entrén kontrollerade inte legitimation hos tre gäster som såg ut att vara under 25 år; serveringsansvarig informerades på plats."
		case 3:
			result = premises.ResultNotChecked
		}
		checks = append(checks, premises.Check{Check: c, Result: result, Note: note})
	}
	in := premises.Inspection{ID: 9, PremisesID: 3, PremisesName: p.Name, RestaurantNumber: p.RestaurantNumber, MunicipalityCode: "2023",
		Kind: premises.Joint, Mode: premises.ModeHidden, ConductedAt: time.Date(2017, 12, 30, 23, 15, 0, 0, loc),
		Organizations: []premises.Organization{{ID: 3, Name: "Malung-Sälens kommun"}, {ID: 1, Name: "Polisen, lokalpolisområde Mora"}},
		Inspectors:    "Alkoholhandläggare och polis (demo)",
		Protocol:      premises.Protocol{Items: checks, Remarks: "Syntetiskt protokoll (demo): personalen kontrollerade inte legitimation i entrén.\n\nSamtal med serveringsansvarig efter besöket."},
		Recorded:      true, FollowUp: "Uppföljande besök och samtal med serveringsansvarig (demo).", FollowUpOn: "2018-01-20", Sanction: "remark",
		UpdatedAt: time.Date(2018, 1, 2, 9, 0, 0, 0, time.UTC)}
	return in, p
}

func TestWriteProtocolPDF(t *testing.T) {
	needFont(t)
	in, p := sampleInspection(t)
	d := InspectionProtocol(in, p, "Malung-Sälens kommun", sayer(t, i18n.Swedish), "sv")
	var buf bytes.Buffer
	if err := WriteProtocolPDF(&buf, d); err != nil {
		t.Fatalf("WriteProtocolPDF() error = %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
		t.Fatalf("WriteProtocolPDF() wrote no PDF")
	}
	golden(t, "protocol.pdf", buf.Bytes())

	// A protocol too long for a page goes on with the table on the next.
	long := d
	for range 4 {
		long.Checks = append(long.Checks, d.Checks...)
	}
	var longBuf bytes.Buffer
	if err := WriteProtocolPDF(&longBuf, long); err != nil {
		t.Fatalf("WriteProtocolPDF(long) error = %v", err)
	}

	pdftotext := testenv.Program(t, "pdftotext", "poppler-utils")
	text := func(pdf []byte) string {
		cmd := exec.Command(pdftotext, "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return string(out)
	}
	got := text(buf.Bytes())
	for _, want := range []string{"Tillsynsprotokoll", "Nattklubben Lindvallen (demo)", "559900-1212", "2017-12-30 23:15",
		"Samordnad tillsyn, Dold", "Ålderskontroller", "Brist", "Ej kontrollerat", "Utan anmärkning", "Brandskydd och utrymningsvägar",
		"Följs upp senast 2018-01-20.", "Erinran", "Underskrift, tillsynsmyndigheten", "alkohollagen (2010:1622)",
		"Personalen i entrén kontrollerade", "Antal gäster inom tillåtet högsta antal"} {
		if !strings.Contains(got, want) {
			t.Errorf("the protocol's text lacks %q:\n%s", want, got)
		}
	}
	pages := func(s string) int { return strings.Count(s, "\f") }
	if lt := text(longBuf.Bytes()); pages(lt) <= pages(got) || !strings.Contains(lt, "Kontrollpunkt") {
		t.Errorf("the long protocol is not on two pages:\n%s", lt)
	}
}
