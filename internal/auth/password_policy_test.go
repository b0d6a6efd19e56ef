package auth

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/validation"
)

// policyKey returns the message key CheckPasswordPolicy gives password, ""
// when it accepts it.
func policyKey(t *testing.T, password string, u PolicyContext) string {
	t.Helper()
	err := CheckPasswordPolicy(password, u)
	if err == nil {
		return ""
	}
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("CheckPasswordPolicy(%q) error = %v (%T), want a *validation.Error", password, err, err)
	}
	if len(ve.Fields) != 1 || !ve.Fields.Has("password") {
		t.Fatalf("CheckPasswordPolicy(%q) fields = %v, want only \"password\"", password, ve.Fields)
	}
	return ve.Fields["password"].Key
}

func TestCheckPasswordPolicy(t *testing.T) {
	anna := PolicyContext{Email: "Anna.Berg@Mora.se", Name: "Anna Berg"}
	tests := []struct {
		name     string
		password string
		u        PolicyContext
		want     string
	}{
		// Accepted: long enough and none of the patterns, whatever the
		// characters.
		{"passphrase", "korrekt häst batteri", anna, ""},
		{"exactly 12 characters", "kvistarna92x", anna, ""},
		{"12 characters, several bytes each", "åäöåäöåäöåäx", anna, ""},
		{"only lower-case letters", "blåbärsskogen", anna, ""},
		{"only digits, no pattern", "839201746352", anna, ""},
		{"spaces are allowed", "  tre  ord  här  ", anna, ""},
		{"200 characters", strings.Repeat("abcdefghijk ", 15) + "korrekt häst batteri", anna, ""},
		{"a listed word inside a longer one", "sommarnattenslut", anna, ""},
		{"a listed word followed by letters", "password manager x", anna, ""},
		{"a short name part may occur", "bo i ekorrens bo", PolicyContext{Email: "bo@mora.se", Name: "Bo Ek"}, ""},
		{"no account to compare with", "anna berg sjunger", PolicyContext{}, ""},
		{"a sequence inside other text", "min kod 1234 är hemlig", anna, ""},
		// The passwords other tests, the demo and the browser tests choose.
		{"test: häftklammer", "häftklammer på plats", anna, ""},
		{"test: tredje", "tredje lösenordet", anna, ""},
		{"test: ett nytt", "ett nytt lösenord", anna, ""},
		{"test: första", "första lösenordet", anna, ""},
		{"test: andra, längre", "andra lösenordet, längre", anna, ""},
		{"test: tre ord", "tre ord som minns", anna, ""},
		{"test: chefens", "chefens lösenord 1", PolicyContext{Email: "admin@mora.se", Name: "Admin"}, ""},
		{"test: hemligt with a letter after", "Hemligt-4711x", anna, ""},

		// Length, in characters, not bytes.
		{"empty", "", anna, "error.password_short"},
		{"11 characters", "kvistarna92", anna, "error.password_short"},
		{"11 characters of two bytes", "åäöåäöåäöåä", anna, "error.password_short"},
		{"201 characters", strings.Repeat("abcdefghijk ", 15) + "korrekt häst batteri!", anna, "error.too_long"},

		// Common and breached passwords, in any case, and followed by
		// digits and punctuation.
		{"listed, lengthened", "password1234", anna, "error.password_common"},
		{"listed, upper case", "PASSWORD1234", anna, "error.password_common"},
		{"listed as is", "qwertyuiopasdfghjkl", anna, "error.password_common"},
		{"listed before it is a sequence", "123456789012", anna, "error.password_common"},
		{"sommar2024", "Sommar2024!!", anna, "error.password_common"},
		{"sommar with another year", "sommar2031#!", anna, "error.password_common"},
		{"hejhej123", "hejhej123456", anna, "error.password_common"},
		{"lösenord", "Lösenord2024", anna, "error.password_common"},
		{"lösenord in capitals", "LÖSENORD!!!!", anna, "error.password_common"},
		{"fotboll", "fotboll12345", anna, "error.password_common"},
		{"listed ending in digits", "abc123456789", anna, "error.password_common"},
		{"listed with spaces and symbols", "iloveyou <3 <3", anna, "error.password_common"},
		{"the product's name", "Samverkan2026", anna, "error.password_common"},
		{"digits only, listed", "123456123456", anna, "error.password_common"},

		// Trivial patterns.
		{"one character", "aaaaaaaaaaaa", anna, "error.password_repetitive"},
		{"one character, odd", "############", anna, "error.password_repetitive"},
		{"two characters", "xyxyxyxyxyxy", anna, "error.password_repetitive"},
		{"a word repeated", "kurrkurrkurr", anna, "error.password_repetitive"},
		{"repeated, then filler", "zzzzzzzzzzz1", anna, "error.password_repetitive"},
		{"two repetitions", "ooooooxxxxxx", anna, "error.password_repetitive"},
		{"digits in order", "345678901234", anna, "error.password_sequence"},
		{"digits backwards", "765432109876", anna, "error.password_sequence"},
		{"alphabet", "abcdefghijkl", anna, "error.password_sequence"},
		{"alphabet, Swedish end", "vwxyzåäöabcd", anna, "error.password_sequence"},
		{"alphabet backwards", "LKJIHGFEDCBA", anna, "error.password_sequence"},
		{"keyboard row backwards, then filler", "ÖLKJHGFDSA!!", anna, "error.password_sequence"},
		{"sequence then repetition", "mnopqrs00000", anna, "error.password_sequence"},

		// The account's own name and address.
		{"local part", "xx.anna.berg.xx", anna, "error.password_contains_name"},
		{"first name", "Annas hemliga ö", anna, "error.password_contains_name"},
		{"surname, any case", "BERGSKLÄTTRING", anna, "error.password_contains_name"},
		{"name run together", "xxannabergxx", PolicyContext{Name: "Anna Berg"}, "error.password_contains_name"},
		{"short parts run together", "boek boek boek!", PolicyContext{Email: "bo.ek@mora.se", Name: "Bo Ek"}, "error.password_contains_name"},
		{"address without @", "kalle kula kör", PolicyContext{Email: "kalle"}, "error.password_contains_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policyKey(t, tt.password, tt.u); got != tt.want {
				t.Errorf("CheckPasswordPolicy(%q, %+v) = %q, want %q", tt.password, tt.u, got, tt.want)
			}
		})
	}
}

func TestPasswordPolicyArguments(t *testing.T) {
	var e validation.Errors
	ValidatePassword(&e, "new_password", "kort", PolicyContext{})
	ValidatePassword(&e, "other", strings.Repeat("ab c", 51), PolicyContext{})
	ValidatePassword(&e, "fine", "korrekt häst batteri", PolicyContext{})
	want := validation.Errors{
		"new_password": {Key: "error.password_short", Args: []any{PasswordMinLength}},
		"other":        {Key: "error.too_long", Args: []any{PasswordMaxLength}},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("ValidatePassword errors mismatch (-want +got):\n%s", diff)
	}
	// A field that already has a problem keeps the first.
	ValidatePassword(&e, "new_password", "password1234", PolicyContext{})
	if got := e["new_password"].Key; got != "error.password_short" {
		t.Errorf("second problem replaced the first: %q", got)
	}
	if err := CheckPasswordPolicy("korrekt häst batteri", PolicyContext{}); err != nil {
		t.Errorf("CheckPasswordPolicy(good) = %v, want nil", err)
	}
}

// TestCommonPasswordsList checks the embedded list: large, clean, and
// holding what it promises.
func TestCommonPasswordsList(t *testing.T) {
	seen := map[string]int{}
	n := 0
	for i, line := range strings.Split(commonPasswordsText, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		switch {
		case line != strings.TrimSpace(line):
			t.Errorf("line %d %q has white space around it", i+1, line)
		case line != strings.ToLower(line):
			t.Errorf("line %d %q is not in lower case: the check folds the password, not the list", i+1, line)
		case !utf8.ValidString(line) || !norm.NFC.IsNormalString(line):
			t.Errorf("line %d %q is not NFC UTF-8", i+1, line)
		case utf8.RuneCountInString(line) < 4:
			t.Errorf("line %d %q is shorter than 4 characters", i+1, line)
		}
		if prev, ok := seen[line]; ok {
			t.Errorf("line %d %q repeats line %d", i+1, line, prev)
		}
		seen[line] = i + 1
	}
	if n < 2000 {
		t.Errorf("the list has %d passwords, want a few thousand", n)
	}
	if got := len(commonPasswords()); got != n {
		t.Errorf("commonPasswords() has %d entries, the file %d", got, n)
	}
	for _, p := range []string{"123456", "password", "qwerty", "sommar2024", "hejhej123", "lösenord", "fotboll", "samverkan"} {
		if _, ok := seen[p]; !ok {
			t.Errorf("the list lacks %q", p)
		}
	}
}

// TestNewUserValidateUsesPolicy: a new user's password is checked against
// the policy, with the user's own name and address.
func TestNewUserValidateUsesPolicy(t *testing.T) {
	tests := []struct {
		in   NewUser
		want string
	}{
		{NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"}, ""},
		{NewUser{Email: "anna@mora.se", Name: "Anna", Password: "elva tecken"}, "error.password_short"},
		{NewUser{Email: "anna@mora.se", Name: "Anna", Password: "Fotboll2024!"}, "error.password_common"},
		{NewUser{Email: "anna@mora.se", Name: "Anna", Password: "ÖÖÖÖÖÖÖÖÖÖÖÖ"}, "error.password_repetitive"},
		{NewUser{Email: " Kalle.Kula@Mora.SE ", Name: "K", Password: "kula kula kula"}, "error.password_contains_name"},
		{NewUser{Email: "k@mora.se", Name: "Karl-Åke Öst", Password: "karl-åke är bäst"}, "error.password_contains_name"},
	}
	for _, tt := range tests {
		err := tt.in.Validate()
		got := ""
		if err != nil {
			got = fieldKeys(t, err)["password"]
		}
		if got != tt.want {
			t.Errorf("Validate(%+v) password = %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func BenchmarkCheckPasswordPolicy(b *testing.B) {
	u := PolicyContext{Email: "anna.berg@mora.se", Name: "Anna Berg"}
	long := strings.Repeat("korrekt häst batteri ", 9)
	for b.Loop() {
		_ = CheckPasswordPolicy(long, u)
	}
}
