// Package pii finds personal data in the free text of reports: Swedish
// personal identity numbers (personnummer) and coordination numbers
// (samordningsnummer), phone numbers, e-mail addresses and vehicle
// registration plates. Reports describe what happened, not who was there,
// so the product warns about these and offers the text with them redacted.
//
// The detector is hand-written rather than a set of regular expressions
// because each kind needs a check a pattern cannot make (the Luhn digit and
// a real date of a personal identity number, the shape of a Swedish area
// code) and because it must not flag the numbers ordinary reports are full
// of: times ("kl. 01.30", "22:15"), dates ("2026-02-21"), counts, postal
// codes ("792 30"), road numbers ("rv 70") and organisation numbers
// ("212000-2213"). Names of people are not detected.
package pii

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what sort of personal data a finding is.
type Kind string

const (
	PersonalIdentityNumber Kind = "personal_identity_number" // personnummer
	CoordinationNumber     Kind = "coordination_number"      // samordningsnummer: day + 60
	PhoneNumber            Kind = "phone_number"
	Email                  Kind = "email"
	RegistrationPlate      Kind = "registration_plate"
)

// Kinds lists every kind, for labels and tests.
var Kinds = []Kind{PersonalIdentityNumber, CoordinationNumber, PhoneNumber, Email, RegistrationPlate}

// Finding is one piece of personal data in a text. Start and End are byte
// offsets into the text (End exclusive); Text is the text between them.
type Finding struct {
	Kind  Kind   `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Result is what Check found and the text with it redacted.
type Result struct {
	Findings []Finding `json:"findings"`
	Redacted string    `json:"redacted"`
}

// Check scans text and redacts what it finds.
func Check(text string) Result {
	f := Scan(text)
	return Result{Findings: f, Redacted: Redact(text, f)}
}

// placeholders replace what Redact removes. They are Swedish because the
// text around them is.
var placeholders = map[Kind]string{
	PersonalIdentityNumber: "[personnummer]",
	CoordinationNumber:     "[samordningsnummer]",
	PhoneNumber:            "[telefonnummer]",
	Email:                  "[e-post]",
	RegistrationPlate:      "[registreringsnummer]",
}

// Redact replaces each finding in text by a placeholder naming its kind.
// The findings must come from Scan(text): sorted and not overlapping.
func Redact(text string, findings []Finding) string {
	if len(findings) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, f := range findings {
		if f.Start < last || f.End > len(text) || f.Start > f.End {
			continue // not from Scan(text); never cut a text apart
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(placeholders[f.Kind])
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// Scan returns the personal data in text, in order, without overlaps.
func Scan(text string) []Finding {
	var found []Finding
	add := func(k Kind, start, end int) {
		found = append(found, Finding{Kind: k, Start: start, End: end, Text: text[start:end]})
	}
	for i := 0; i < len(text); {
		c := text[i]
		if !startsToken(text, i) {
			i++
			continue
		}
		switch {
		case isDigit(c) || c == '+':
			if end, k, ok := identityNumber(text, i); ok {
				add(k, i, end)
				i = end
				continue
			}
			if end, ok := phone(text, i); ok {
				add(PhoneNumber, i, end)
				i = end
				continue
			}
		case isASCIILetter(c):
			if end, ok := plate(text, i); ok {
				add(RegistrationPlate, i, end)
				i = end
				continue
			}
		}
		i++
	}
	for _, e := range emails(text) {
		add(Email, e[0], e[1])
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].Start < found[b].Start })
	// An e-mail address may hold what looks like a number or a plate
	// ("abc123@mora.se"); the longer, earlier finding wins.
	out := found[:0]
	end := 0
	for _, f := range found {
		if len(out) > 0 && f.Start < end {
			if prev := &out[len(out)-1]; f.End > prev.End && f.Start == prev.Start {
				*prev = f
				end = f.End
			}
			continue
		}
		out = append(out, f)
		end = f.End
	}
	return out
}

// startsToken reports whether a finding may start at i: the rune before is
// neither a letter nor a digit, so "X12345" or "abcABC 123" are not read
// from their middle.
func startsToken(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isAlnum(r)
}

// endsToken reports whether a finding may end at i: what follows is
// neither a letter nor a digit.
func endsToken(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isAlnum(r)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }

// digitsAt returns how many ASCII digits start at i.
func digitsAt(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}

// identityNumber reads a personal identity or coordination number at i, in
// the forms YYMMDD-NNNN, YYMMDD+NNNN (a person over 100), YYMMDDNNNN,
// YYYYMMDDNNNN and YYYYMMDD-NNNN, with a real date of birth (day + 60 for
// a coordination number) and a correct Luhn check digit.
func identityNumber(s string, i int) (end int, kind Kind, ok bool) {
	n := digitsAt(s, i)
	var digits string // the ten digits YYMMDDNNNC
	var century string
	switch {
	case n == 6 && i+11 <= len(s) && (s[i+6] == '-' || s[i+6] == '+') && digitsAt(s, i+7) == 4:
		digits, end = s[i:i+6]+s[i+7:i+11], i+11
	case n == 8 && i+13 <= len(s) && s[i+8] == '-' && digitsAt(s, i+9) == 4:
		century, digits, end = s[i:i+2], s[i+2:i+8]+s[i+9:i+13], i+13
	case n == 12:
		century, digits, end = s[i:i+2], s[i+2:i+12], i+12
	case n == 10:
		digits, end = s[i:i+10], i+10
	default:
		return 0, "", false
	}
	if !endsToken(s, end) {
		return 0, "", false
	}
	if century != "" && century != "18" && century != "19" && century != "20" {
		return 0, "", false
	}
	yy := atoi(digits[0:2])
	month := atoi(digits[2:4])
	day := atoi(digits[4:6])
	kind = PersonalIdentityNumber
	if day > 60 {
		day -= 60
		kind = CoordinationNumber
	}
	if month < 1 || month > 12 || day < 1 {
		return 0, "", false
	}
	// Without the century, 29 February is a real date if either century
	// makes it one.
	valid := false
	if century != "" {
		valid = day <= daysIn(atoi(century)*100+yy, month)
	} else {
		valid = day <= daysIn(1900+yy, month) || day <= daysIn(2000+yy, month)
	}
	if !valid || !luhn(digits) {
		return 0, "", false
	}
	return end, kind, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// luhn checks the last of ten digits against the first nine, weighted
// 2, 1, 2, 1, … as the Swedish Tax Agency does.
func luhn(digits string) bool {
	sum := 0
	for i := range 9 {
		d := int(digits[i]-'0') * (2 - i%2)
		sum += d/10 + d%10
	}
	return (10-sum%10)%10 == int(digits[9]-'0')
}

// phone reads a Swedish phone number at i: "070-123 45 67", "0701234567",
// "08-123 456 78", "0250-123 45", "+46 70 123 45 67", "+46 (0)70-123 45 67",
// "0046 8 123 456 78". It insists on the shape of Swedish numbers, so that
// other runs of digits are left alone: the national number starts with 0
// and a digit that is not 0, a mobile number (07…) has ten digits and
// others eight to ten, and a two-digit area code can only be Stockholm's 08.
func phone(s string, i int) (int, bool) {
	j := i
	international := false
	switch {
	case strings.HasPrefix(s[j:], "+46"):
		j += 3
		international = true
	case strings.HasPrefix(s[j:], "0046"):
		j += 4
		international = true
	}
	if international {
		if j < len(s) && (s[j] == ' ' || s[j] == '-') {
			j++
		}
		if strings.HasPrefix(s[j:], "(0)") {
			j += 3
			if j < len(s) && s[j] == ' ' {
				j++
			}
		}
		if j >= len(s) || !isDigit(s[j]) || s[j] == '0' {
			return 0, false
		}
	} else if !strings.HasPrefix(s[j:], "0") || j+1 >= len(s) || !isDigit(s[j+1]) || s[j+1] == '0' {
		return 0, false
	}

	// Groups of digits, separated by one space or hyphen.
	groupStart := j
	var groups []int
	total := 0
	for {
		n := digitsAt(s, j)
		if n == 0 {
			break
		}
		groups = append(groups, n)
		total += n
		j += n
		if j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && isDigit(s[j+1]) {
			j++
			continue
		}
		break
	}
	if len(groups) == 0 || !endsToken(s, j) {
		return 0, false
	}
	// Count as in the national number, with its leading 0.
	national, first, lead := total+1, groups[0]+1, s[groupStart]
	if !international {
		national, first, lead = total, groups[0], s[groupStart+1]
	}
	if lead == '7' {
		if national != 10 {
			return 0, false
		}
	} else if national < 8 || national > 10 {
		return 0, false
	}
	if len(groups) > 1 {
		if first < 2 || first > 4 {
			return 0, false
		}
		if first == 2 && lead != '8' {
			return 0, false
		}
		for _, g := range groups[1:] {
			if g < 2 {
				return 0, false
			}
		}
	}
	return j, true
}

// plateLetters are the letters used on Swedish registration plates: A–Z
// without I, Q and V (Å, Ä and Ö are not used either).
func plateLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' && c != 'I' && c != 'Q' && c != 'V'
}

// notPlates are letter triples never issued as plates (Transportstyrelsen
// withholds combinations that spell words) or common in report text for
// another reason: "SOS 112", "TPL 139" (a numbered interchange, trafikplats,
// the one false finding in 85,011 police events).
var notPlates = map[string]bool{
	"APA": true, "ARG": true, "ASS": true, "BAJ": true, "BMW": true, "BSS": true, "CUC": true, "CUK": true,
	"DUM": true, "ETA": true, "ETT": true, "FAG": true, "FAN": true, "FEG": true, "FEL": true, "FEM": true,
	"FES": true, "FET": true, "FNL": true, "FUC": true, "FUK": true, "FUL": true, "GAM": true, "GAY": true,
	"GEJ": true, "GEY": true, "GHB": true, "GUD": true, "GYN": true, "HAT": true, "HBT": true, "HKH": true,
	"HOR": true, "HOT": true, "KGB": true, "KKK": true, "KUC": true, "KUF": true, "KUG": true, "KUK": true,
	"KYK": true, "LAM": true, "LAT": true, "LEM": true, "LOJ": true, "LSD": true, "LUS": true, "MAD": true,
	"MAO": true, "MEN": true, "MES": true, "MLB": true, "MUS": true, "NAZ": true, "NRP": true, "NSF": true,
	"NYP": true, "OND": true, "OOO": true, "ORM": true, "PAJ": true, "PKK": true, "PLO": true, "PMS": true,
	"PUB": true, "RAP": true, "RAS": true, "ROM": true, "RPS": true, "RUS": true, "SEG": true, "SEX": true,
	"SJU": true, "SOS": true, "SPY": true, "SUG": true, "SUP": true, "SUR": true, "TBC": true, "TOA": true,
	"TOK": true, "TPL": true, "TRE": true, "TYP": true, "UFO": true, "USA": true, "WAM": true, "WAR": true, "WWW": true,
	"XTC": true, "XTZ": true, "XXL": true, "XXX": true, "ZEX": true, "ZOG": true, "ZPY": true, "ZUG": true,
	"ZUP": true, "ZOO": true,
}

// plate reads a registration plate at i: three letters, then three digits
// ("ABC 123") or two digits and a letter ("ABC 12A", issued since 2019),
// with or without a space. Upper case is required when there is a space,
// because "och 100" or "tre 123" in running text are words and numbers;
// written together ("abc123") lower case is taken too.
func plate(s string, i int) (int, bool) {
	if i+6 > len(s) {
		return 0, false
	}
	for k := i; k < i+3; k++ {
		if !isASCIILetter(s[k]) {
			return 0, false
		}
	}
	letters := s[i : i+3]
	upper := strings.ToUpper(letters)
	lower := letters != upper
	if lower && letters != strings.ToLower(letters) {
		return 0, false // "Abc": a word at the start of a sentence
	}
	for k := range 3 {
		if !plateLetter(upper[k]) {
			return 0, false
		}
	}
	if notPlates[upper] {
		return 0, false
	}
	j := i + 3
	if s[j] == ' ' {
		if lower {
			return 0, false
		}
		j++
	}
	if j+3 > len(s) || !isDigit(s[j]) || !isDigit(s[j+1]) {
		return 0, false
	}
	last := s[j+2]
	switch {
	case isDigit(last):
	case !lower && plateLetter(last) && last != 'O':
	case lower && last >= 'a' && last <= 'z' && plateLetter(last-'a'+'A') && last != 'o':
	default:
		return 0, false
	}
	end := j + 3
	if !endsToken(s, end) {
		return 0, false
	}
	return end, true
}

// emails returns the [start, end) of every e-mail address in s.
func emails(s string) [][2]int {
	var out [][2]int
	from := 0
	for {
		at := strings.IndexByte(s[from:], '@')
		if at < 0 {
			return out
		}
		at += from
		from = at + 1
		start := at
		for start > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if !isAlnum(r) && !strings.ContainsRune("._%+-", r) {
				break
			}
			start -= size
		}
		for start < at && s[start] == '.' {
			start++
		}
		end := at + 1
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if !isAlnum(r) && r != '.' && r != '-' {
				break
			}
			end += size
		}
		for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if start == at || end == at+1 {
			continue
		}
		domain := s[at+1 : end]
		dot := strings.LastIndexByte(domain, '.')
		if dot <= 0 || strings.Contains(domain, "..") {
			continue
		}
		tld := domain[dot+1:]
		if len(tld) < 2 || strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			continue
		}
		out = append(out, [2]int{start, end})
		from = end
	}
}
