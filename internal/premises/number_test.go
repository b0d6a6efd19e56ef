package premises

import (
	"errors"
	"testing"
)

func TestParseOrganizationNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		{"556012-5790", "556012-5790", nil},
		{"5560125790", "556012-5790", nil},
		{" 556012-5790 ", "556012-5790", nil},
		{"16556012-5790", "556012-5790", nil}, // the Tax Agency's twelve digits
		{"165560125790", "556012-5790", nil},
		{"212000-2023", "212000-2023", nil}, // a municipality: Malung-Sälens kommun
		{"556012-5791", "", ErrOrganizationNumberCheck},
		{"556012-5780", "", ErrOrganizationNumberCheck},
		{"55601-25790", "", ErrOrganizationNumberFormat}, // hyphen in the wrong place
		{"556012--5790", "", ErrOrganizationNumberFormat},
		{"556012-579", "", ErrOrganizationNumberFormat},
		{"556012-57900", "", ErrOrganizationNumberFormat},
		{"196012-5790", "", ErrOrganizationNumberCheck},
		{"19556012-5790", "", ErrOrganizationNumberFormat}, // a century is for people, not here
		{"556012 5790", "", ErrOrganizationNumberFormat},
		{"55601A-5790", "", ErrOrganizationNumberFormat},
		{"", "", ErrOrganizationNumberFormat},
		{"５５６０１２-５７９０", "", ErrOrganizationNumberFormat}, // full-width digits are no digits
	}
	for _, tt := range tests {
		got, err := ParseOrganizationNumber(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("ParseOrganizationNumber(%q) = %q, %v, want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestLuhnEveryCheckDigit(t *testing.T) {
	// Exactly one of the ten last digits passes.
	for _, nine := range []string{"556012579", "212000202", "802002457", "000000000"} {
		n := 0
		for d := '0'; d <= '9'; d++ {
			if _, err := ParseOrganizationNumber(nine + string(d)); err == nil {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d check digits pass, want 1", nine, n)
		}
	}
}

func TestParseLicenceType(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"permanent_public", PermanentPublic, true},
		{"Stadigvarande tillstånd till allmänheten", PermanentPublic, true},
		{"stadigvarande till allmänheten", PermanentPublic, true},
		{"STADIGVARANDE  TILL SLUTET SÄLLSKAP", PermanentPrivate, true},
		{"Stadigvarande tillstånd till slutna sällskap", PermanentPrivate, true},
		{"Tillfälligt tillstånd till allmänheten", TemporaryPublic, true},
		{"tillfälligt till slutet sällskap", TemporaryPrivate, true},
		{"Stadigvarande tillstånd till slutet sällskap för cateringverksamhet", Catering, true},
		{"catering", Catering, true},
		{"stadigvarande", "", false},
		{"till allmänheten", "", false},
		{"stadigvarande till allmänheten och slutet sällskap", "", false},
		{"Permanent_Public", PermanentPublic, true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLicenceType(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLicenceType(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
