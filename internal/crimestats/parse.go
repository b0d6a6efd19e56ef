// Package crimestats keeps Brå's statistics of reported crime (anmälda
// brott) per municipality, county and the whole country: the import of the
// exports of Brå's statistics database (its semicolon text export and the
// older table layout), the series per crime category with counts and
// rates per 100,000 inhabitants, and who reads and imports them.
package crimestats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/validation"
	"golang.org/x/text/encoding/charmap"
)

// MaxImportSize is the largest file Parse reads: every municipality, crime
// category and month of a decade is a few tens of megabytes.
const MaxImportSize = 64 << 20

// The formats Parse knows.
const (
	FormatText  = "text"  // Brå's "Databasfil.txt": Region;Brott;År;Period;Antal;/100 000 inv
	FormatTable = "table" // the older table layout: ,crime,crime_id,period,…,value
)

// TextHeader is the header of Brå's text export.
var TextHeader = []string{"Region", "Brott", "År", "Period", "Antal", "/100 000 inv"}

// TableHeader is the header of the older table layout.
var TableHeader = []string{"", "crime", "crime_id", "period", "period_id", "periodicity", "region", "region_id", "timepoint", "value"}

// Period is a whole year, a half-year (H1, H2), a quarter (Q1–Q4) or a
// month (M01–M12).
type Period struct {
	Year int
	Part string // "" for the whole year
}

// Key is how a period is stored and sorted: 2025, 2025-H1, 2025-Q3,
// 2025-M08.
func (p Period) Key() string {
	if p.Part == "" {
		return strconv.Itoa(p.Year)
	}
	return strconv.Itoa(p.Year) + "-" + p.Part
}

// ParsePeriodKey reads a Key back.
func ParsePeriodKey(s string) (Period, bool) {
	y, part, _ := strings.Cut(s, "-")
	year, err := strconv.Atoi(y)
	if err != nil || year < 1900 || year > 2200 {
		return Period{}, false
	}
	return Period{Year: year, Part: part}, true
}

// Row is one figure of a file: a region, a crime category and a period
// with its count and rate. A nil Count or Rate is Brå's "..": not
// applicable or not published, which is not zero.
type Row struct {
	Line        int
	Region      Region
	RegionName  string // as the file names it
	Crime       string
	CrimeCode   string // Brå's code when the file gives one ("0950")
	Period      Period
	Preliminary bool
	Count       *int64
	Rate        *float64
}

// Rejection is a line that was read but is not stored, and why.
type Rejection struct {
	Line    int
	Message validation.Message
}

// Parsed is what Parse found in a file.
type Parsed struct {
	Format   string
	Rows     []Row
	Rejected []Rejection
}

// ImportError is what is wrong with a file: the line, the column when one
// is to blame, and why. Nothing of the file is stored.
type ImportError struct {
	Line    int    // 1 is the header
	Column  string // "" when the line as a whole is wrong
	Message validation.Message
}

func (e *ImportError) Error() string {
	where := "line " + strconv.Itoa(e.Line)
	if e.Column != "" {
		where += ", " + e.Column
	}
	return where + ": " + e.Message.Key
}

// Describe says the error with the words of say (a localizer's T): "rad
// 7, Antal: "12x" är inget antal".
func (e *ImportError) Describe(say func(key string, args ...any) string) string {
	where := say("import.line", e.Line)
	if e.Column != "" {
		where += ", " + e.Column
	}
	return where + ": " + say(e.Message.Key, localArgs(say, e.Message.Args)...)
}

// localArgs says the arguments that are messages themselves.
func localArgs(say func(key string, args ...any) string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if m, ok := a.(validation.Message); ok {
			a = say(m.Key, m.Args...)
		}
		out[i] = a
	}
	return out
}

// Describe says why a line was not stored.
func (r Rejection) Describe(say func(key string, args ...any) string) string {
	return say("import.line", r.Line) + ": " + say(r.Message.Key, r.Message.Args...)
}

func lineError(line int, column, key string, args ...any) *ImportError {
	return &ImportError{Line: line, Column: column, Message: validation.Message{Key: key, Args: args}}
}

// Parse reads an export of Brå's statistics database: the text export
// (semicolon separated, ISO-8859-1 as Brå serves it, or UTF-8 with or
// without a byte order mark) or the older table layout, told apart by the
// header. A line that cannot be read stops it with an *ImportError naming
// the line. Lines that are read but hold nothing to store (every figure
// "..", as Brå echoes the parent categories) or name a region that is not
// a municipality, a county or the country (a police region) are returned
// as Rejected.
func Parse(r io.Reader, regions *Regions) (Parsed, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return Parsed{}, fmt.Errorf("read crime statistics: %w", err)
	}
	if len(raw) > MaxImportSize {
		return Parsed{}, lineError(1, "", "crimestats.error.too_large", MaxImportSize>>20)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		// Brå's application serves ISO-8859-1, in which every byte is a
		// character.
		if raw, err = charmap.ISO8859_1.NewDecoder().Bytes(raw); err != nil {
			return Parsed{}, lineError(1, "", "crimestats.error.encoding")
		}
	}
	first, _, _ := bytes.Cut(raw, []byte("\n"))
	first = bytes.TrimSpace(first)
	if len(bytes.TrimSpace(raw)) == 0 {
		return Parsed{}, lineError(1, "", "crimestats.error.empty")
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	var p Parsed
	switch {
	case bytes.HasPrefix(first, []byte("Region;")):
		p.Format = FormatText
		cr.Comma = ';'
	case bytes.Contains(first, []byte(",crime,")) || bytes.HasPrefix(first, []byte("crime,")):
		p.Format = FormatTable
	default:
		return Parsed{}, lineError(1, "", "crimestats.error.header", strings.Join(TextHeader, ";"), strings.Join(TableHeader, ","))
	}
	header, err := cr.Read()
	if err != nil {
		return Parsed{}, csvError(err)
	}
	var index map[string]int
	if p.Format == FormatText {
		header = trimTrailingEmpty(header)
		if !sameFields(header, TextHeader) {
			return Parsed{}, lineError(1, "", "crimestats.error.header", strings.Join(TextHeader, ";"), strings.Join(TableHeader, ","))
		}
	} else {
		index = map[string]int{}
		for i, h := range header {
			index[strings.TrimSpace(h)] = i
		}
		for _, c := range []string{"crime", "period", "periodicity", "region", "value"} {
			if _, ok := index[c]; !ok {
				return Parsed{}, lineError(1, "", "crimestats.error.column_missing", c)
			}
		}
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Parsed{}, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		var row Row
		var ierr *ImportError
		if p.Format == FormatText {
			row, ierr = textRow(line, rec)
		} else {
			row, ierr = tableRow(line, rec, index)
		}
		if ierr != nil {
			return Parsed{}, ierr
		}
		if row.Count == nil && row.Rate == nil {
			p.Rejected = append(p.Rejected, Rejection{Line: line, Message: validation.Message{Key: "crimestats.rejected.no_figures"}})
			continue
		}
		reg, ok := regions.Match(row.RegionName)
		if !ok {
			p.Rejected = append(p.Rejected, Rejection{Line: line, Message: validation.Message{Key: "crimestats.rejected.region_unknown", Args: []any{row.RegionName}}})
			continue
		}
		row.Region = reg
		key := string(reg.Kind) + "|" + reg.Code + "|" + row.Crime + "|" + row.Period.Key()
		if before, ok := seen[key]; ok {
			return Parsed{}, lineError(line, "", "crimestats.error.twice", before)
		}
		seen[key] = line
		p.Rows = append(p.Rows, row)
	}
	if len(p.Rows) == 0 && len(p.Rejected) == 0 {
		return Parsed{}, lineError(1, "", "crimestats.error.empty")
	}
	return p, nil
}

func csvError(err error) *ImportError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return lineError(pe.Line, "", "crimestats.error.csv", pe.Err.Error())
	}
	return lineError(1, "", "crimestats.error.csv", err.Error())
}

func trimTrailingEmpty(rec []string) []string {
	for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
		rec = rec[:len(rec)-1]
	}
	return rec
}

func sameFields(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.EqualFold(strings.Join(strings.Fields(got[i]), " "), want[i]) {
			return false
		}
	}
	return true
}

// textRow reads a line of the text export. The year column holds "År"
// and the period column the year on a line of a whole year
// ("Hela landet;Befogenhetsbedrägeri;År;2025;14278;135;"); on a line of a
// part of a year the year column holds the year and the period column
// the month, quarter or half-year ("…;2026 prel.;Aug;498;5;").
func textRow(line int, rec []string) (Row, *ImportError) {
	rec = trimTrailingEmpty(rec)
	if len(rec) != len(TextHeader) {
		return Row{}, lineError(line, "", "crimestats.error.fields", len(rec), len(TextHeader))
	}
	row := Row{Line: line, RegionName: strings.TrimSpace(rec[0])}
	if row.RegionName == "" {
		return Row{}, lineError(line, "Region", "crimestats.error.region_empty")
	}
	var ierr *ImportError
	if row.Crime, row.CrimeCode, ierr = crime(line, "Brott", rec[1]); ierr != nil {
		return Row{}, ierr
	}
	yearField, periodField := strings.TrimSpace(rec[2]), strings.TrimSpace(rec[3])
	if strings.EqualFold(yearField, "År") || yearField == "" {
		year, prel, ok := parseYear(periodField)
		if !ok {
			return Row{}, lineError(line, "Period", "crimestats.error.year", periodField)
		}
		row.Period, row.Preliminary = Period{Year: year}, prel
	} else {
		year, prel, ok := parseYear(yearField)
		if !ok {
			return Row{}, lineError(line, "År", "crimestats.error.year", yearField)
		}
		part, ok := parsePart(periodField)
		if !ok {
			return Row{}, lineError(line, "Period", "crimestats.error.period", periodField)
		}
		row.Period, row.Preliminary = Period{Year: year, Part: part}, prel
	}
	if row.Count, ierr = count(line, "Antal", rec[4]); ierr != nil {
		return Row{}, ierr
	}
	if row.Rate, ierr = rate(line, "/100 000 inv", rec[5]); ierr != nil {
		return Row{}, ierr
	}
	return row, nil
}

// tableRow reads a line of the older table layout: crime, period ("År,
// 2016 prel."), periodicity (yearly, monthly, …), region, timepoint (the
// first day of the period) and value (the count).
func tableRow(line int, rec []string, index map[string]int) (Row, *ImportError) {
	get := func(c string) string {
		i, ok := index[c]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if len(rec) != len(index) {
		return Row{}, lineError(line, "", "crimestats.error.fields", len(rec), len(index))
	}
	row := Row{Line: line, RegionName: get("region")}
	if row.RegionName == "" {
		return Row{}, lineError(line, "region", "crimestats.error.region_empty")
	}
	var ierr *ImportError
	if row.Crime, row.CrimeCode, ierr = crime(line, "crime", get("crime")); ierr != nil {
		return Row{}, ierr
	}
	periodField := get("period")
	kind, rest, found := strings.Cut(periodField, ",")
	if !found {
		rest = kind
	}
	rest = strings.TrimSpace(rest)
	// The year is the first word of the rest: "2016 prel.", "2016 Aug".
	yearWord, partWord, _ := strings.Cut(rest, " ")
	year, _, ok := parseYear(yearWord)
	if !ok {
		return Row{}, lineError(line, "period", "crimestats.error.year", periodField)
	}
	row.Preliminary = strings.Contains(strings.ToLower(periodField), "prel")
	partWord = strings.TrimSpace(strings.ReplaceAll(strings.ToLower(partWord), "prel.", ""))
	row.Period = Period{Year: year}
	switch strings.ToLower(get("periodicity")) {
	case "yearly", "":
	case "monthly", "quarterly", "halfyearly", "half-yearly", "semiannual":
		part, ok := parsePart(partWord)
		if !ok {
			part, ok = partFromTimepoint(get("periodicity"), get("timepoint"))
		}
		if !ok {
			return Row{}, lineError(line, "period", "crimestats.error.period", periodField)
		}
		row.Period.Part = part
	default:
		return Row{}, lineError(line, "periodicity", "crimestats.error.periodicity", get("periodicity"))
	}
	if row.Count, ierr = count(line, "value", get("value")); ierr != nil {
		return Row{}, ierr
	}
	return row, nil
}

func partFromTimepoint(periodicity, timepoint string) (string, bool) {
	t, err := time.Parse(time.DateOnly, timepoint)
	if err != nil {
		return "", false
	}
	m := int(t.Month())
	switch strings.ToLower(periodicity) {
	case "monthly":
		return fmt.Sprintf("M%02d", m), true
	case "quarterly":
		return fmt.Sprintf("Q%d", (m-1)/3+1), true
	default:
		return fmt.Sprintf("H%d", (m-1)/6+1), true
	}
}

// crime reads a crime category: "Befogenhetsbedrägeri", or with Brå's
// code and the name cut short, "0950 - Befogenhetsbedrägeri, …".
func crime(line int, column, s string) (name, code string, _ *ImportError) {
	s = strings.Join(strings.Fields(s), " ")
	if c, rest, ok := strings.Cut(s, " - "); ok && len(c) >= 2 && len(c) <= 6 && allDigits(c) {
		code, s = c, rest
	}
	for _, cut := range []string{", …", ",…", " …", "…", ", ...", "..."} {
		s = strings.TrimSuffix(s, cut)
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, ","))
	if s == "" || s == ".." {
		return "", "", lineError(line, column, "crimestats.error.crime_empty")
	}
	if utf8.RuneCountInString(s) > 200 {
		return "", "", lineError(line, column, "crimestats.error.crime_long", 200)
	}
	return s, code, nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// parseYear reads "2025" or "2026 prel.".
func parseYear(s string) (year int, prel bool, ok bool) {
	s = strings.TrimSpace(s)
	if rest, found := strings.CutSuffix(strings.ToLower(s), "prel."); found {
		s, prel = strings.TrimSpace(s[:len(rest)]), true
	} else if rest, found := strings.CutSuffix(strings.ToLower(s), "prel"); found {
		s, prel = strings.TrimSpace(s[:len(rest)]), true
	}
	if len(s) != 4 || !allDigits(s) {
		return 0, false, false
	}
	year, _ = strconv.Atoi(s)
	if year < 1950 || year > 2200 {
		return 0, false, false
	}
	return year, prel, true
}

var months = map[string]int{
	"jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "mars": 3, "march": 3,
	"apr": 4, "april": 4, "maj": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7,
	"aug": 8, "augusti": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oct": 10, "oktober": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// parsePart reads the part of a year: a month ("Aug", "augusti"), a
// quarter ("Kvartal 1", "Kv 1", "Q1", "Jan-mar"), a half-year ("Halvår 1",
// "H1", "Jan-jun"), or the whole year ("Helår", "År", "Totalt": "").
func parsePart(s string) (string, bool) {
	n := strings.ToLower(strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(s), ".")), " "))
	switch n {
	case "helår", "år", "hela året", "totalt", "year", "whole year":
		return "", true
	case "jan-mar", "jan - mar", "januari-mars":
		return "Q1", true
	case "apr-jun", "apr - jun", "april-juni":
		return "Q2", true
	case "jul-sep", "jul - sep", "juli-september":
		return "Q3", true
	case "okt-dec", "okt - dec", "oktober-december":
		return "Q4", true
	case "jan-jun", "jan - jun", "januari-juni":
		return "H1", true
	case "jul-dec", "jul - dec", "juli-december":
		return "H2", true
	}
	if m, ok := months[n]; ok {
		return fmt.Sprintf("M%02d", m), true
	}
	// "Kvartal 1", "Kv 1", "Kv1", "Q1", "1:a kvartalet", "Halvår 2", "H2".
	digit := -1
	for _, c := range n {
		if c >= '0' && c <= '9' {
			if digit >= 0 {
				return "", false
			}
			digit = int(c - '0')
		}
	}
	switch {
	case digit >= 1 && digit <= 4 && (strings.HasPrefix(n, "kv") || strings.HasPrefix(n, "q") || strings.Contains(n, "kvartal")):
		return fmt.Sprintf("Q%d", digit), true
	case digit >= 1 && digit <= 2 && (strings.HasPrefix(n, "h") || strings.Contains(n, "halvår")):
		return fmt.Sprintf("H%d", digit), true
	}
	return "", false
}

// notApplicable reports Brå's ".." (and an empty cell, as the table layout
// leaves a missing value).
func notApplicable(s string) bool {
	s = strings.TrimSpace(s)
	return s == ".." || s == "" || s == "…" || s == "-"
}

func stripSpaces(s string) string {
	return strings.Map(func(c rune) rune {
		if c == ' ' || c == '\u00a0' || c == '\u202f' || c == '\u2009' {
			return -1
		}
		return c
	}, strings.TrimSpace(s))
}

// count reads a count: "14278", "14 278", or "1210821.0" as pandas saves
// a column with missing values.
func count(line int, column, s string) (*int64, *ImportError) {
	if notApplicable(s) {
		return nil, nil
	}
	t := strings.TrimSuffix(strings.TrimSuffix(stripSpaces(s), ".0"), ",0")
	if !allDigits(t) || len(t) > 12 {
		return nil, lineError(line, column, "crimestats.error.count", strings.TrimSpace(s))
	}
	n, _ := strconv.ParseInt(t, 10, 64)
	return &n, nil
}

// rate reads a rate per 100,000 inhabitants with a decimal comma ("135",
// "135,2") or point.
func rate(line int, column, s string) (*float64, *ImportError) {
	if notApplicable(s) {
		return nil, nil
	}
	t := strings.Replace(stripSpaces(s), ",", ".", 1)
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) || f > 100000 || strings.ContainsAny(t, "eExXpP_+-") {
		return nil, lineError(line, column, "crimestats.error.rate", strings.TrimSpace(s))
	}
	return &f, nil
}
