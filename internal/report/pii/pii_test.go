package pii

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/samverkan/samverkan/internal/testenv"
)

// kinds returns "kind:text" for each finding, which reads well in a diff.
func kinds(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, string(f.Kind)+":"+f.Text)
	}
	return out
}

func TestScanFinds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// Personal identity numbers: Skatteverket's example 811218-9876 in
		// every form, and the famous test number 121212-1212.
		{"pnr short", "Mannen, 811218-9876, greps.", []string{"personal_identity_number:811218-9876"}},
		{"pnr over 100", "född 121212+1212 enligt uppgift", []string{"personal_identity_number:121212+1212"}},
		{"pnr long", "pnr 198112189876 i anmälan", []string{"personal_identity_number:198112189876"}},
		{"pnr long dash", "pnr 19811218-9876.", []string{"personal_identity_number:19811218-9876"}},
		{"pnr ten digits", "(8112189876)", []string{"personal_identity_number:8112189876"}},
		{"pnr leap day 2000", "000229-0005 kontrollerades", nil}, // filled in below when valid
		{"coordination number", "samordningsnummer 701063-2391", []string{"coordination_number:701063-2391"}},
		{"coordination long", "19701063-2391", []string{"coordination_number:19701063-2391"}},
		{"pnr at end", "811218-9876", []string{"personal_identity_number:811218-9876"}},

		// Written as a personal identity number is, with a real date, but
		// with a wrong check digit: most likely a real one mistyped.
		{"wrong luhn", "811218-9875", []string{"likely_personal_identity_number:811218-9875"}},
		{"wrong luhn over 100", "född 121212+1213", []string{"likely_personal_identity_number:121212+1213"}},
		{"wrong luhn long dash", "pnr 19811218-9875.", []string{"likely_personal_identity_number:19811218-9875"}},
		{"wrong luhn long", "pnr 198112189875", []string{"likely_personal_identity_number:198112189875"}},
		{"wrong luhn ten digits", "(8112189875)", []string{"likely_personal_identity_number:8112189875"}},
		{"wrong luhn coordination", "samordningsnummer 701063-2392", []string{"likely_personal_identity_number:701063-2392"}},
		{"wrong luhn en dash", "811218–9875", []string{"likely_personal_identity_number:811218–9875"}},

		// Phone numbers.
		{"mobile spaced", "Ring 070-123 45 67 om det händer igen", []string{"phone_number:070-123 45 67"}},
		{"mobile plain", "tel 0701234567.", []string{"phone_number:0701234567"}},
		{"mobile four-digit prefix", "nås på 0706-38 42 92 under dagen", []string{"phone_number:0706-38 42 92"}},
		{"mobile international", "+46 70 123 45 67", []string{"phone_number:+46 70 123 45 67"}},
		{"mobile international (0)", "nr +46 (0)70-123 45 67!", []string{"phone_number:+46 (0)70-123 45 67"}},
		{"mobile international tight", "+46701234567", []string{"phone_number:+46701234567"}},
		{"mobile 0046", "0046 70 123 45 67", []string{"phone_number:0046 70 123 45 67"}},
		{"stockholm", "växeln 08-123 456 78", []string{"phone_number:08-123 456 78"}},
		{"stockholm international", "+46 8 123 456 78", []string{"phone_number:+46 8 123 456 78"}},
		{"mora landline", "kommunen 0250-261 31", []string{"phone_number:0250-261 31"}},
		{"landline plain", "0250-26000", []string{"phone_number:0250-26000"}},
		{"police press", "Telefonnummer: 010-567 61 10.", []string{"phone_number:010-567 61 10"}},

		// E-mail addresses.
		{"email", "mejla anna.andersson@mora.se.", []string{"email:anna.andersson@mora.se"}},
		{"email in brackets", "<kalle+rapport@example.com>", []string{"email:kalle+rapport@example.com"}},
		{"email with å", "åsa@sälen.se", []string{"email:åsa@sälen.se"}},
		{"email with digits", "abc123@mora.se", []string{"email:abc123@mora.se"}},

		// Registration plates.
		{"plate", "bilen ABC 123 körde iväg", []string{"registration_plate:ABC 123"}},
		{"plate tight", "reg ABC123.", []string{"registration_plate:ABC123"}},
		{"plate new", "en vit Volvo, MLB 12A", nil}, // MLB is withheld
		{"plate new format", "en vit Volvo, XYZ 12A.", []string{"registration_plate:XYZ 12A"}},
		{"plate new tight", "XYZ12A", []string{"registration_plate:XYZ12A"}},
		{"plate lower tight", "regnr xyz123", []string{"registration_plate:xyz123"}},
		{"plate lower new", "regnr xyz12a", []string{"registration_plate:xyz12a"}},

		{"several", "Ägare 811218-9876, tel 070-123 45 67, bil ABC 123, e-post a@b.se",
			[]string{"personal_identity_number:811218-9876", "phone_number:070-123 45 67", "registration_plate:ABC 123", "email:a@b.se"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(Scan(tt.in))
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if tt.name == "pnr leap day 2000" {
				// 000229 is 29 February 2000, a real date; the Luhn digit
				// of 000229-000 is 5.
				want = []string{"personal_identity_number:000229-0005"}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Scan(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestScanLeavesAlone(t *testing.T) {
	tests := []struct{ name, in string }{
		{"no such date", "811318-9876"},
		{"30 february", "810230-1234"},
		{"29 february 1981", "810229-1237"}, // Luhn right, date wrong
		{"long with wrong century", "218112189876"},
		{"eleven digits", "81121898761"},
		{"thirteen digits", "1981121898761"},
		{"pnr inside a word", "X811218-9876"},
		{"organisation number", "Mora kommun, org.nr 212000-2213"},
		{"date and time", "2026-02-21 23:15 och 2026-02-22T01:30:00+01:00"},
		{"times", "kl. 01.30–03.00, mellan 22:15 och 01:05, 15-18"},
		{"time ranges", "kl 01-03 och 22-02"},
		{"counts", "Ca 30 ungdomar, 2 bilar, 5-6 personer, 120 fordon kontrollerade, 118 utandningsprov"},
		{"weeks", "vecka 05 06 07 08 och v. 8, 2026-W08"},
		{"postal code", "Fredsgatan 16, 792 80 Mora"},
		{"roads", "rv 70, RV 70, E45, väg 66, Rv66, länsväg 1035"},
		{"sos", "SOS 112 larmades, SOS Alarm"},
		{"interchange", "Strängnäsvägen TPL 139"},
		{"words before numbers", "och 100 personer, tre 123, Och 100 till, Bil 123"},
		{"capitalised word", "Abc 123"},
		{"four letters", "SAAB 900"},
		{"two letters", "LV 123, KL 22"},
		{"plate then digits", "ABC 1234"},
		{"plate letters with V", "VAR 100 meter, AVI 123"},
		{"plate last O", "XYZ 12O"},
		{"restaurant number", "restaurang 20620001"},
		{"big number", "12345678901234"},
		{"short zero numbers", "0250 och 08 och 070"},
		{"0 then 0", "00 12 34 56 78"},
		{"area code one digit", "0 70 123 45 67"},
		{"mobile too short", "070-123 45 6"},
		{"mobile too long", "070-123 45 678"},
		{"two-digit area code not 08", "05 06 07 08"},
		{"single digit group", "08-1 2 3 4 5 6 7"},
		{"at sign", "@Noret ikväll, kl 22 @ parkeringen, a@b, a@b., @mora.se"},
		{"email without tld", "kalle@localhost"},
		{"email numeric tld", "kalle@mora.123"},
		{"decimal", "0,5 promille och 1.023 kr"},
		{"plus then digits", "+47 912 34 567"},
		{"amount", "skadan 0250,00 kr"},
	}
	for _, tt := range tests {
		if got := Scan(tt.in); len(got) != 0 {
			t.Errorf("%s: Scan(%q) = %v, want nothing", tt.name, tt.in, kinds(got))
		}
	}
}

// TestScanReportTexts runs the detector on report texts written the way
// guards, field workers and coordinators write them: full of times, counts
// and places, and with no personal data in them.
func TestScanReportTexts(t *testing.T) {
	texts := []string{
		"Ca 30 ungdomar samlades på parkeringen vid Noret mellan kl 21.30 och 00.45. Två A-traktorer körde runt i hög fart, 2 bilar buskörde. Ingen skadegörelse upptäckt.",
		"Lördag v. 8: hög belastning vid afterski Lindvallen 15–18, ca 200 gäster. 4 berusade personer avvisades, en omhändertogs enligt LOB kl 17:40. Ordningsvakterna (3 st) begärde förstärkning 17.55.",
		"Klotter på ICA Maxis fasad mot rv 70, ca 3 x 2 meter. Fotograferat 2026-02-21 kl. 08.10 och anmält till fastighetsägaren.",
		"Nedskräpning vid återvinningsstationen Noret, Vasagatan 43. Belysningen trasig vid gångtunneln under E45 sedan vecka 6.",
		"Tandådalen: bråk i kön till bussen 01:50, 6-8 personer inblandade, polis tillkallades via 112. Lugnt efter 02.30.",
		"Hot mot personal på restaurang (nr 20230012) vid stängning 01.00–01.15. Anmält, K-nummer finns hos polisen.",
		"Otrygg plats: skymd sikt vid busshållplatsen Hundfjället, 2 st lampor ur funktion. Felanmält till kommunen 2026-01-12.",
		"Vårdslös trafik på väg 66 mellan Sälen by och Lindvallen lördag förmiddag (ankomstdag), ca 15 fordon i kö, en omkörning över heldragen linje.",
		"Misstänkt narkotika: lukt av cannabis vid liftkön Högfjället 14:20–14:40. Ingen person kunde knytas till lukten.",
		"Skadegörelse: 3 krossade rutor i busskuren vid Moraparken natten mot söndag. Samma plats som v. 7 och v. 5.",
		"Övrigt: 12 % fler besökare än förra veckan enligt destinationsbolaget; 80 000–100 000 personer per dag i högsäsong.",
		"Berusade personer: ett 20-tal vid Kläppen after ski, 3 avvisade, 1 ambulanstransport 16.45.",
		"Trygghetsvandring genomförd 19.00–21.00 med 14 deltagare, sträckan Zornmuseet – Noret – resecentrum, 5 platser noterade.",
	}
	for _, text := range texts {
		if got := Scan(text); len(got) != 0 {
			t.Errorf("Scan(%q) = %v, want nothing", text, kinds(got))
		}
	}
}

// TestScanPolicePages runs the detector on the full text of 418 police
// event pages about Mora and Sälen: real Swedish report prose. The only
// personal data in them are two press phone numbers.
func TestScanPolicePages(t *testing.T) {
	f, err := os.Open("testdata/polisen_event_pages_mora_malung_salen_text.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var pages []struct {
		ID    int      `json:"id"`
		Lines []string `json:"page_text_lines"`
	}
	if err := json.NewDecoder(zr).Decode(&pages); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 418 {
		t.Fatalf("read %d pages, want 418", len(pages))
	}
	var got []string
	for _, p := range pages {
		got = append(got, kinds(Scan(strings.Join(p.Lines, "\n")))...)
	}
	// The names are those of police officers quoted in the press texts,
	// people all the same.
	want := []string{
		"person_name:Magnus Sjödén", "phone_number:010-567 61 10", "phone_number:0105691213",
		"person_name:Kenneth Johannesson", "person_name:Mats Öhman", "person_name:Mats Öhman",
		"person_name:Kenneth Johannesson", "person_name:Mats Öhman", "person_name:Ola Olsson",
		"person_name:Kenneth Johannesson", "person_name:Kenneth Johannesson", "person_name:Kenneth Johannesson",
		"person_name:Kenneth Johannesson",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings in the police pages (-want +got):\n%s", diff)
	}
}

// TestScanPoliceArchive runs the detector on the names and summaries of all
// 85,011 events of the police archive, when it is beside the repository.
// Every finding there is a press phone number or one of a few names of
// people: missing persons the police searched for by name, a funeral, and
// "Axel Dahlströms" (torg), a square cut off where the summary ends.
func TestScanPoliceArchive(t *testing.T) {
	f, err := os.Open("../../../../shared/data/polisen/polisen_events_all_archive.json.gz")
	if errors.Is(err, fs.ErrNotExist) {
		testenv.Missing(t, "the police archive ships beside the repository, not in it")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var wrapped []struct {
		Event struct {
			ID      int    `json:"id"`
			Name    string `json:"name"`
			Summary string `json:"summary"`
		} `json:"event"`
	}
	if err := json.NewDecoder(zr).Decode(&wrapped); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{
		"Axel Dahlströms": true, "Ann-Marie Johannisson": true, "Christer Andersson": true,
		"Sven-Göran Eriksson": true, "John-Douglas Mattsson": true,
	}
	phones := 0
	for _, w := range wrapped {
		for _, text := range []string{w.Event.Name, w.Event.Summary} {
			for _, f := range Scan(text) {
				switch {
				case f.Kind == PhoneNumber:
					phones++
				case f.Kind == PersonName && names[f.Text]:
				default:
					t.Errorf("event %d: %s %q in %q", w.Event.ID, f.Kind, f.Text, text)
				}
			}
		}
	}
	if phones < 30 {
		t.Errorf("found %d phone numbers in the archive, want the 42 press numbers", phones)
	}
}

func TestRedact(t *testing.T) {
	in := "Ägare 811218-9876, tel 070-123 45 67, bil ABC 123 (a@b.se), sam 701063-2391, vittne Lars Johansson 811218–9875."
	r := Check(in)
	want := "Ägare [personnummer], tel [telefonnummer], bil [registreringsnummer] ([e-post]), sam [samordningsnummer], vittne [namn] [personnummer]."
	if r.Redacted != want {
		t.Errorf("Check(%q).Redacted = %q, want %q", in, r.Redacted, want)
	}
	for _, f := range r.Findings {
		if in[f.Start:f.End] != f.Text {
			t.Errorf("finding %+v: text at its offsets is %q", f, in[f.Start:f.End])
		}
	}
	for _, k := range Kinds {
		if placeholders[k] == "" {
			t.Errorf("kind %s has no placeholder", k)
		}
	}
	if got := Redact("nothing here", nil); got != "nothing here" {
		t.Errorf("Redact without findings = %q", got)
	}
	// Findings that do not belong to the text never cut it apart.
	if got := Redact("short", []Finding{{Kind: Email, Start: 3, End: 99}}); got != "short" {
		t.Errorf("Redact with a finding beyond the text = %q", got)
	}
}

// TestRedactTwice: what one finding hides is found once it is redacted,
// so that redacting the redacted text changes nothing; and what was found
// once is redacted wherever it stands.
func TestRedactTwice(t *testing.T) {
	tests := []struct{ in, want string }{
		// The address ends with its top-level domain.
		{"a@b.se-811218-9876", "[e-post]-[personnummer]"},
		{"kalle@mora.se-ABC123", "[e-post]-[registreringsnummer]"},
		// The number glued to the name is found elsewhere; redacted here
		// too, it leaves the name on its own.
		{"Anna Andersson811218-9876, 811218-9876", "[namn][personnummer], [personnummer]"},
		// Found once, redacted everywhere, also where it would not be
		// found on its own.
		{"X811218-9876 och 811218-9876", "X[personnummer] och [personnummer]"},
		{"Anna Andersson och xAnna Andersson", "[namn] och x[namn]"},
	}
	for _, tt := range tests {
		r := Check(tt.in)
		if r.Redacted != tt.want {
			t.Errorf("Check(%q).Redacted = %q, want %q", tt.in, r.Redacted, tt.want)
		}
		if again := Check(r.Redacted); again.Redacted != r.Redacted || len(again.Findings) != 0 {
			t.Errorf("Check(%q) = %q, and again %q %q", tt.in, r.Redacted, again.Redacted, kinds(again.Findings))
		}
	}
}

// FuzzScan: Scan never panics, its findings lie in the text in order
// without overlapping, start and end on rune boundaries and are what their
// offsets say, and a redacted text holds no more findings of the kinds
// redacted.
func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Check(s)
		checkFindings(t, s, r.Findings)
		if utf8.ValidString(s) && !utf8.ValidString(r.Redacted) {
			t.Fatalf("Redact(%q) = %q, no longer valid UTF-8", s, r.Redacted)
		}
		if len(r.Findings) == 0 && r.Redacted != s {
			t.Fatalf("Redact(%q) without findings changed the text to %q", s, r.Redacted)
		}
	})
}

// fuzzSeeds are the seeds of the fuzz tests that take a text: each kind,
// written plainly and in disguise, and what is left alone.
var fuzzSeeds = []string{
	"811218-9876", "19811218-9876", "121212+1212", "701063-2391", "000229-0005",
	"070-123 45 67", "+46 (0)70-123 45 67", "0046 8 123 456 78", "0250-261 31",
	"ABC 123", "xyz12a", "a@b.se", "åsa@sälen.se", "@@..@", "+46", "0", "ABC ", "+46 (0)",
	"Ca 30 ungdomar vid Noret kl 21.30, rv 70, 792 80 Mora",
	"\xff811218-9876\xff", "ABÅ 123", "ab\xc3",
	"811218-9875", "811218–9876", "８１１２１８－９８７６", "81 12 18 98 76", "8112\u00ad189876", "1981.12.18.9876",
	"070.123.45.67", "010 - 56 946 00", "2026-02-21 15:04", "1995-01-18–1995-01-20", "1 018 619 777 kr",
	"anna (at) mora (dot) se", "anna snabel-a mora punkt se", "kalle at mora.se", "anna ＠ mora．se",
	"Anna Andersson", "Lars Erik Johansson", "Anna Anderssons bil", "Erik Dahlbergs väg", "ANNA ANDERSSON",
	"Anna-Karin Lindberg-Ek", "anna andersson", "Anna Andersson.x@mora.se", "xAnna Andersson Anna Andersson",
	"Ordningsvakterna i Sälen ringde polisen",
	"a@b.se-811218-9876", "Anna Andersson811218-9876, 811218-9876", "X811218-9876 och 811218-9876",
}

// checkFindings fails t unless findings are Scan's answer for s: in order,
// not overlapping, inside s, on rune boundaries, what their offsets say,
// and of a kind with a placeholder.
func checkFindings(t *testing.T, s string, findings []Finding) {
	t.Helper()
	boundary := map[int]bool{len(s): true}
	for i := range s {
		boundary[i] = true
	}
	end := 0
	for _, fd := range findings {
		if fd.Start < end || fd.End <= fd.Start || fd.End > len(s) {
			t.Fatalf("Scan(%q): finding %+v out of order or out of the text", s, fd)
		}
		if !boundary[fd.Start] || !boundary[fd.End] {
			t.Fatalf("Scan(%q): finding %+v does not start and end on rune boundaries", s, fd)
		}
		if s[fd.Start:fd.End] != fd.Text {
			t.Fatalf("Scan(%q): finding %+v does not match the text", s, fd)
		}
		if placeholders[fd.Kind] == "" {
			t.Fatalf("Scan(%q): finding %+v of a kind without a placeholder", s, fd)
		}
		end = fd.End
	}
}
