package pii

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

func TestScanNames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Berusad man vid liften i Lindvallen, kastade snöboll på Anna Andersson", []string{"Anna Andersson"}},
		{"Lars Johansson hotade personalen i entrén till Kläppen.", []string{"Lars Johansson"}},
		{"Ordningsvakt Per Lindberg och väktaren Hans Karlsson ingrep vid Noret.", []string{"Per Lindberg", "Hans Karlsson"}},
		{"Anmälare: Malin Sundqvist, boende på Fredsgatan.", []string{"Malin Sundqvist"}},
		{"Lindvallen. Per Lindström kom fram till bussen.", []string{"Per Lindström"}},
		// Double first names and surnames, the genitive, capitals.
		{"Lars Erik Johansson greps.", []string{"Lars Erik Johansson"}},
		{"Anna-Karin Lindberg-Ek anmälde.", []string{"Anna-Karin Lindberg-Ek"}},
		{"Anna Maria Lindqvist Sjöberg greps", []string{"Anna Maria Lindqvist Sjöberg"}},
		{"Anna Anderssons bil blockerade infarten.", []string{"Anna Anderssons"}},
		{"NAMN: ANNA ANDERSSON", []string{"ANNA ANDERSSON"}},
		{"Namn: Anna ANDERSSON", []string{"Anna ANDERSSON"}},
		{"skrev anna andersson i chatten", []string{"anna andersson"}},
		// A surname not on the list, by its ending.
		{"Gästen Emil Vallqvist avvisades.", []string{"Emil Vallqvist"}},
		{"Kvinnan, Sara Hjortsberg, omhändertogs.", []string{"Sara Hjortsberg"}},
		// Names from other languages are on the lists too.
		{"Fatima Ahmed och Mohammed Ali väntade vid bussen.", []string{"Fatima Ahmed", "Mohammed Ali"}},
		// Non-breaking space and a soft hyphen do not hide a name.
		{"Anna\u00a0Andersson", []string{"Anna\u00a0Andersson"}},
		{"An\u00adna Andersson", []string{"An\u00adna Andersson"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range Scan(tt.in) {
			if f.Kind != PersonName {
				t.Errorf("Scan(%q): %s %q", tt.in, f.Kind, f.Text)
				continue
			}
			got = append(got, f.Text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Scan(%q) names (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestScanLeavesNamesAlone: places, words at the start of a sentence,
// streets named after people, and first names on their own.
func TestScanLeavesNamesAlone(t *testing.T) {
	for _, in := range []string{
		"Ordningsvakterna i Sälen ringde polisen",
		"Bråk vid Lindvallen, Högfjället och Tandådalen; polis från Mora och Malung.",
		"Anna Lindvallen", "Johan Sälen", "Maria Mora", "Karin Stockholm", "Sara Falkenberg",
		"Anna ringde vid 22-tiden och sa att Lars var på väg.",
		"Per person kostar det 200 kr.", "Hans bil stod vid Moraparken.", "Inga personer skadades.",
		"Dag två: lugnt.", "Max 30 personer i liften.", "Liv och hälsa i fokus.", "Björn Ulvaeus", "Kalle Anka",
		"inga skador, per dag, hans bil, dag lindberg", // words in lower case
		"Erik Dahlbergs väg", "Per Albin Hanssons väg", "Anna Lindhs plats", "Axel Danielssons Väg",
		"Karl Johansgatan 3", "Erik Dahlbergsgatan", "Emma Holmqvistgatan 3", "Dag Hammarskjölds väg",
		"Anna Kontaktperson", "Gustav Vasa", "Kungen Carl Gustaf", "Sven Svensson2",
	} {
		if got := Scan(in); len(got) != 0 {
			t.Errorf("Scan(%q) = %q, want nothing", in, kinds(got))
		}
	}
}

// TestNameLists: the lists are what their header says, a few hundred
// names each, one name a line.
func TestNameLists(t *testing.T) {
	for _, l := range []struct {
		name, text string
		min        int
	}{{"firstnames.txt", firstNamesText, 400}, {"surnames.txt", surnamesText, 300}} {
		if !strings.Contains(l.text, "Statistics Sweden (SCB)") {
			t.Errorf("%s: the header does not name SCB as the source", l.name)
		}
		seen := map[string]bool{}
		for line := range strings.Lines(l.text) {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			key := strings.ToLower(line)
			if seen[key] {
				t.Errorf("%s: %q twice", l.name, line)
			}
			seen[key] = true
			if strings.ContainsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
				t.Errorf("%s: %q is not a name", l.name, line)
			}
		}
		if len(seen) < l.min {
			t.Errorf("%s: %d names, want at least %d", l.name, len(seen), l.min)
		}
	}
	for _, n := range []string{"anna", "lars", "maria", "erik", "mohammed"} {
		if !nameLists().first[n] {
			t.Errorf("first name %q is not on the list", n)
		}
	}
	for _, n := range []string{"andersson", "johansson", "lindberg", "ali"} {
		if !nameLists().sur[n] {
			t.Errorf("surname %q is not on the list", n)
		}
	}
	for n := range wordlikeFirstNames {
		if !nameLists().first[n] {
			t.Errorf("word-like first name %q is not on the list of first names", n)
		}
	}
}
