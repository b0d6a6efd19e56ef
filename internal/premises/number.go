package premises

import (
	"errors"
	"strings"
)

// Errors of ParseOrganizationNumber.
var (
	ErrOrganizationNumberFormat = errors.New("an organisation number has ten digits, NNNNNN-NNNN")
	ErrOrganizationNumberCheck  = errors.New("the check digit of the organisation number is wrong")
)

// ParseOrganizationNumber reads a Swedish organisation number
// (organisationsnummer) and returns it as NNNNNN-NNNN. It takes ten
// digits with or without the hyphen, and the twelve-digit form with the
// prefix 16 that the Tax Agency uses. The last digit is a Luhn check digit
// over the other nine. A sole trader's organisation number is their
// personal identity number, which passes the same check.
func ParseOrganizationNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	digits := make([]byte, 0, 12)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '-' && (len(digits) == 6 || len(digits) == 8) && i == len(s)-5:
			// The hyphen goes before the last four digits only.
		default:
			return "", ErrOrganizationNumberFormat
		}
	}
	if len(digits) == 12 && string(digits[:2]) == "16" {
		digits = digits[2:]
	}
	if len(digits) != 10 {
		return "", ErrOrganizationNumberFormat
	}
	if luhn(digits[:9]) != digits[9]-'0' {
		return "", ErrOrganizationNumberCheck
	}
	return string(digits[:6]) + "-" + string(digits[6:]), nil
}

// luhn returns the Luhn check digit of digits: every other digit from the
// first doubled (and its digits summed), the check digit what brings the
// sum to a multiple of ten.
func luhn(digits []byte) byte {
	sum := 0
	for i, c := range digits {
		d := int(c - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte((10 - sum%10) % 10)
}

// validRestaurantNumber reports whether n has the form of a restaurant
// number: the four digits of a kommunkod and four of the municipality's own.
func validRestaurantNumber(n string) bool {
	if len(n) != 8 {
		return false
	}
	for i := 0; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	return true
}
