package survey

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

func TestParseCode(t *testing.T) {
	for in, want := range map[string]string{
		"K7QX-M2PA":     "K7QX-M2PA",
		"k7qx-m2pa":     "K7QX-M2PA",
		"k7qxm2pa":      "K7QX-M2PA",
		" K7QX M2PA ":   "K7QX-M2PA",
		"k7 qx – m2 pa": "K7QX-M2PA",
		"K7QX-M2P":      "",
		"K7QX-M2PAA":    "",
		"K7QX-M2P0":     "", // 0 is not in the alphabet
		"K7QX-M2PO":     "", // nor O
		"K7QX-M2P1":     "",
		"K7QX-M2PI":     "",
		"":              "",
		"ÅÄÖÅ-ÄÖÅÄ":     "",
	} {
		got, ok := ParseCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseCode(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
	for range 100 {
		c := newCode()
		if got, ok := ParseCode(c); !ok || got != c {
			t.Fatalf("ParseCode(newCode() %q) = %q, %v", c, got, ok)
		}
	}
}

// FuzzParseCode: whatever is typed, ParseCode does not panic, and what it
// accepts is a code as written, read back as itself, in the alphabet.
func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"K7QX-M2PA", "k7qxm2pa", " k7qx m2pa", "K7QX—M2PA", "0O1I-0O1I", "ååå", "\x00\xff", "K7QX-M2PA-K7QX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCode(s)
		if !ok {
			if c != "" {
				t.Fatalf("ParseCode(%q) refused but gave %q", s, c)
			}
			return
		}
		if len(c) != 9 || c[4] != '-' {
			t.Fatalf("ParseCode(%q) = %q, not a code as written", s, c)
		}
		for i, r := range c {
			if i != 4 && !strings.ContainsRune(CodeAlphabet, r) {
				t.Fatalf("ParseCode(%q) = %q: %q is not in the alphabet", s, c, r)
			}
		}
		if again, ok := ParseCode(c); !ok || again != c {
			t.Fatalf("ParseCode(%q) = %q, but that reads back as %q, %v", s, c, again, ok)
		}
		if again, _ := ParseCode(strings.ToLower(strings.ReplaceAll(c, "-", " "))); again != c {
			t.Fatalf("%q in lower case with a space reads as %q", c, again)
		}
	})
}

func fieldError(err error, field string) string {
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return ve.Fields[field].Key
	}
	return ""
}

// TestInvitationCodes: codes are made 1–1000 at a time and kept only as
// hashes; with codes required, an answer without one, with a made-up one
// or with a used one is refused and stores nothing (a refused answer
// consumes no code); a good code is used once. The counts follow.
func TestInvitationCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		id := f.survey.ID
		for _, n := range []int{0, -1, MaxInvitations + 1} {
			if _, err := f.s.IssueInvitations(ctx, actor, id, n); fieldError(err, "count") != "error.survey_invitation_count" {
				t.Errorf("IssueInvitations(%d) = %v, want a count error", n, err)
			}
		}
		codes, err := f.s.IssueInvitations(ctx, actor, id, 3)
		if err != nil || len(codes) != 3 {
			t.Fatalf("IssueInvitations(3) = %v, %v", codes, err)
		}
		// Only hashes are stored.
		var stored []string
		if err := db.Each(ctx, d, `SELECT code_hash FROM survey_invitations WHERE survey_id = ?`, []any{id}, func(sc db.Scanner) error {
			var h string
			stored = append(stored, h)
			return sc.Scan(&stored[len(stored)-1])
		}); err != nil {
			t.Fatal(err)
		}
		for _, h := range stored {
			for _, c := range codes {
				if strings.Contains(h, c) || strings.Contains(h, strings.ReplaceAll(c, "-", "")) {
					t.Errorf("the code %s is stored as it is", c)
				}
			}
		}
		// Not required yet: an answer without a code is taken.
		if _, err := f.s.Submit(ctx, id, f.answer(1)); err != nil {
			t.Fatalf("an answer before codes are required: %v", err)
		}
		if _, err := f.s.SetInvitationRequired(ctx, actor, id, true); err != nil {
			t.Fatal(err)
		}
		before := f.count(t)
		for code, want := range map[string]string{"": "error.survey_code_missing", "K7QX-M2PA": "error.survey_code_unknown",
			"nonsense!": "error.survey_code_unknown"} {
			a := f.answer(2)
			a.InvitationCode = code
			if _, err := f.s.Submit(ctx, id, a); fieldError(err, FieldInvitation) != want {
				t.Errorf("answer with code %q = %v, want %s", code, err, want)
			}
		}
		// A refused answer (the required question left out) consumes nothing.
		a := f.answer(3)
		a.InvitationCode = strings.ToLower(strings.ReplaceAll(codes[0], "-", ""))
		delete(a.Items, KeySafetyEvening)
		if _, err := f.s.Submit(ctx, id, a); fieldError(err, FieldName(KeySafetyEvening)) != "error.survey_required" {
			t.Fatalf("an answer without the required question = %v", err)
		}
		if diff := f.count(t); diff["survey_responses"] != before["survey_responses"] {
			t.Fatalf("a refused answer stored a response")
		}
		if v, _ := f.s.ByID(ctx, id); !v.InvitationRequired || v.Invitations != (Invitations{Issued: 3, Used: 0}) {
			t.Fatalf("after refused answers: %+v, %+v", v.InvitationRequired, v.Invitations)
		}
		// The code, typed in lower case without the dash, is taken once.
		a = f.answer(3)
		a.InvitationCode = strings.ToLower(strings.ReplaceAll(codes[0], "-", ""))
		if _, err := f.s.Submit(ctx, id, a); err != nil {
			t.Fatalf("an answer with a good code: %v", err)
		}
		a = f.answer(4)
		a.InvitationCode = codes[0]
		if _, err := f.s.Submit(ctx, id, a); fieldError(err, FieldInvitation) != "error.survey_code_used" {
			t.Errorf("a second answer with the code = %v, want used", err)
		}
		if v, _ := f.s.ByID(ctx, id); v.Invitations != (Invitations{Issued: 3, Used: 1}) {
			t.Errorf("counts %+v, want 3 issued, 1 used", v.Invitations)
		}
		// Another survey's code is unknown here.
		other, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateStaff})
		if err != nil {
			t.Fatal(err)
		}
		otherCodes, err := f.s.IssueInvitations(ctx, actor, other.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		a.InvitationCode = otherCodes[0]
		if _, err := f.s.Submit(ctx, id, a); fieldError(err, FieldInvitation) != "error.survey_code_unknown" {
			t.Errorf("another survey's code = %v, want unknown", err)
		}
		if got, err := f.s.IssuedCodes(ctx, id, append([]string{otherCodes[0], "junk", strings.ToLower(codes[1])}, codes...)); err != nil ||
			len(got) != 3 || got[0] != codes[1] {
			t.Errorf("IssuedCodes = %v, %v, want this survey's three, each once", got, err)
		}
		// The audit trail says codes were made, not which.
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE after_json LIKE ? OR after_json LIKE ?`,
			"%"+codes[1]+"%", "%"+codes[0]+"%").Scan(&n); err != nil {
			t.Fatal(err)
		} else if n != 0 {
			t.Errorf("a code is in the audit trail")
		}
		// Closed: no more codes.
		if _, err := f.s.SetStatus(ctx, actor, id, Closed); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.IssueInvitations(ctx, actor, id, 1); fieldError(err, "count") != "error.survey_closed_invitations" {
			t.Errorf("codes for a closed survey = %v", err)
		}
	})
}

// TestInvitationCodeRace: two answers sent at once with one code: one is
// stored, the other refused as used, and the code counts used once.
func TestInvitationCodeRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		id := f.survey.ID
		if _, err := f.s.SetInvitationRequired(ctx, actor, id, true); err != nil {
			t.Fatal(err)
		}
		for round := range 5 {
			codes, err := f.s.IssueInvitations(ctx, actor, id, 1)
			if err != nil {
				t.Fatal(err)
			}
			before := f.count(t)["survey_responses"]
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range 2 {
				wg.Go(func() {
					a := f.answer(100 + round*2 + i)
					a.InvitationCode = codes[0]
					_, errs[i] = f.s.Submit(ctx, id, a)
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case fieldError(err, FieldInvitation) == "error.survey_code_used":
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d answers taken with one code: %v", round, ok, errs)
			}
			if after := f.count(t)["survey_responses"]; after != before+1 {
				t.Fatalf("round %d: responses %d → %d", round, before, after)
			}
		}
		if v, _ := f.s.ByID(ctx, id); v.Invitations != (Invitations{Issued: 5, Used: 5}) {
			t.Errorf("counts %+v", v.Invitations)
		}
	})
}
