package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/validation"
)

// The password policy follows NIST SP 800-63B: a floor on length and a
// generous ceiling, no rules on what kinds of characters to mix (they make
// passwords harder to remember, not to guess), and a refusal of the
// passwords that guessing tries first: common and breached ones, trivial
// patterns, and the account's own name. It applies to passwords that are
// chosen (a new user, a change, a reset), never to signing in, so that an
// existing password keeps working whatever the policy becomes.

// Length limits of a new password, in characters (runes).
const (
	PasswordMinLength = 12
	// PasswordMaxLength is long enough for any passphrase; it only keeps
	// megabytes out of the hash function. Kept from the earlier rule.
	PasswordMaxLength = 200
)

// PolicyContext is what the policy knows of the account a password is
// chosen for, so that it can refuse a password made of the account's own
// name or address. Both fields may be empty.
type PolicyContext struct {
	Email string
	Name  string
}

// The message keys of the policy. error.password_short takes the minimum
// length as its argument, error.too_long the maximum.
const (
	keyPasswordShort        = "error.password_short"
	keyPasswordTooLong      = "error.too_long"
	keyPasswordCommon       = "error.password_common"
	keyPasswordRepetitive   = "error.password_repetitive"
	keyPasswordSequence     = "error.password_sequence"
	keyPasswordContainsName = "error.password_contains_name"
)

// CheckPasswordPolicy returns nil when password may be chosen for the
// account u, else a *validation.Error on the field "password" with one of
// the message keys error.password_short (argument: the minimum length),
// error.too_long (argument: the maximum), error.password_common,
// error.password_repetitive, error.password_sequence or
// error.password_contains_name.
func CheckPasswordPolicy(password string, u PolicyContext) error {
	var e validation.Errors
	ValidatePassword(&e, "password", password, u)
	return e.Err()
}

// ValidatePassword is CheckPasswordPolicy for a form with other fields: it
// adds what is wrong with password, if anything, to e under field.
func ValidatePassword(e *validation.Errors, field, password string, u PolicyContext) {
	if key, args := passwordProblem(password, u); key != "" {
		e.Add(field, key, args...)
	}
}

// passwordProblem returns the message key and arguments of the first rule
// password breaks, or "" when it breaks none.
func passwordProblem(password string, u PolicyContext) (string, []any) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < PasswordMinLength:
		return keyPasswordShort, []any{PasswordMinLength}
	case n > PasswordMaxLength:
		return keyPasswordTooLong, []any{PasswordMaxLength}
	}
	folded := strings.ToLower(password)
	if isCommonPassword(folded) {
		return keyPasswordCommon, nil
	}
	if key := trivialPattern(folded); key != "" {
		return key, nil
	}
	if containsAccountName(folded, u) {
		return keyPasswordContainsName, nil
	}
	return "", nil
}

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the embedded list as a set, read on first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 3000)
	for line := range strings.Lines(commonPasswordsText) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[strings.ToLower(line)] = struct{}{}
	}
	return set
})

// isFiller reports whether r is what people add to a word to meet a rule
// on length or on kinds of characters: a digit, punctuation, a symbol or a
// space.
func isFiller(r rune) bool {
	return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}

// isCommonPassword reports whether folded (in lower case) is a listed
// password, or a listed one followed only by filler: "sommar2024!" is as
// common as "sommar", since that is how people lengthen a word they know.
// Every cut point is tried, because listed passwords may end in digits
// themselves ("abc123" in "abc123456789").
func isCommonPassword(folded string) bool {
	set := commonPasswords()
	for i := len(folded); i > 0; {
		if _, ok := set[folded[:i]]; ok {
			return true
		}
		r, size := utf8.DecodeLastRuneInString(folded[:i])
		if !isFiller(r) {
			return false
		}
		i -= size
	}
	return false
}

// minRun is the shortest piece that counts as a repetition or a sequence
// of its own.
const minRun = 4

// maxPeriod is the longest unit whose repetition counts as trivial:
// "aaaa…", "abab…", "hejhej…", "1990 1990…".
const maxPeriod = 4

// sequenceSources are the runs of characters people type in order: digits,
// the Swedish alphabet and the keyboard rows (Swedish and American
// layouts, and the letter rows run together as a finger drags across
// them). Each wraps around and is read both ways.
var sequenceSources = []string{
	"0123456789",
	"abcdefghijklmnopqrstuvwxyzåäö",
	"1234567890+",
	"qwertyuiopå",
	"asdfghjklöä",
	"zxcvbnm,.-",
	"qwertyuiop[]",
	"asdfghjkl;'",
	"zxcvbnm,./",
	"qwertyuiopåasdfghjklöäzxcvbnm",
	"qwertyuiopasdfghjklzxcvbnm",
}

// trivialPattern returns error.password_repetitive when folded is a short
// unit repeated ("aaaaaaaaaaaa", "abcabcabcabc"), error.password_sequence
// when it is a run such as "123456789012", "abcdefghijkl" or "qwertyuiopå",
// and "" otherwise. Two such pieces in a row ("aaaaaa123456") count too,
// and so do they followed by filler ("abcdefghijk!"). This is no strength
// estimate: it refuses only what no guesser would miss.
func trivialPattern(folded string) string {
	candidates := []string{folded}
	if core := strings.TrimRightFunc(folded, isFiller); core != "" && core != folded {
		candidates = append(candidates, core)
	}
	for _, s := range candidates {
		if key := runKey(s); key != "" {
			return key
		}
		if key := twoRunsKey(s); key != "" {
			return key
		}
	}
	return ""
}

// twoRunsKey is runKey for a string made of two trivial pieces.
func twoRunsKey(s string) string {
	runes := []rune(s)
	for i := minRun; i <= len(runes)-minRun; i++ {
		first := runKey(string(runes[:i]))
		if first == "" {
			// A prefix long enough to try every period that is no run
			// stays none as it grows: give up, or long passwords cost
			// milliseconds.
			if i >= 2*maxPeriod {
				break
			}
			continue
		}
		second := runKey(string(runes[i:]))
		if second == "" {
			continue
		}
		if first == keyPasswordSequence || second == keyPasswordSequence {
			return keyPasswordSequence
		}
		return keyPasswordRepetitive
	}
	return ""
}

// runKey returns the message key for s when s on its own is a repetition
// or a sequence of at least minRun characters, else "".
func runKey(s string) string {
	runes := []rune(s)
	if len(runes) < minRun {
		return ""
	}
	if isRepetition(runes) {
		return keyPasswordRepetitive
	}
	if isSequence(s, runes) {
		return keyPasswordSequence
	}
	return ""
}

// isRepetition reports whether runes is a unit of at most maxPeriod runes
// repeated at least twice (the last time perhaps in part).
func isRepetition(runes []rune) bool {
	for p := 1; p <= maxPeriod && 2*p <= len(runes); p++ {
		repeats := true
		for i := p; i < len(runes); i++ {
			if runes[i] != runes[i%p] {
				repeats = false
				break
			}
		}
		if repeats {
			return true
		}
	}
	return false
}

// isSequence reports whether s (whose runes are runes) is a stretch of one
// of the sequenceSources, forwards or backwards, wrapping around.
func isSequence(s string, runes []rune) bool {
	reversed := make([]rune, len(runes))
	for i, r := range runes {
		reversed[len(runes)-1-i] = r
	}
	backwards := string(reversed)
	for _, src := range sequenceSources {
		// Enough copies that any stretch as long as s fits, wherever it
		// starts.
		wrapped := strings.Repeat(src, len(runes)/utf8.RuneCountInString(src)+2)
		if strings.Contains(wrapped, s) || strings.Contains(wrapped, backwards) {
			return true
		}
	}
	return false
}

// minNameLength is the shortest part of a name or address that a password
// may not contain: shorter ones ("bo", "ek") occur in too many words.
const minNameLength = 4

// containsAccountName reports whether folded contains the local part of
// u's e-mail address or u's name, whole or any word of it (and the words
// run together), ignoring case.
func containsAccountName(folded string, u PolicyContext) bool {
	for _, part := range accountParts(u) {
		if utf8.RuneCountInString(part) >= minNameLength && strings.Contains(folded, part) {
			return true
		}
	}
	return false
}

// accountParts returns the parts of u's name and address that a password
// may not contain, in lower case: for "Anna Berg" with anna.berg@mora.se,
// "anna.berg", "anna", "berg", "annaberg", "anna berg".
func accountParts(u PolicyContext) []string {
	email := strings.ToLower(strings.TrimSpace(u.Email))
	local := email
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		local = email[:i]
	}
	name := strings.ToLower(strings.Join(strings.Fields(u.Name), " "))
	parts := []string{local, name}
	for _, s := range []string{local, name} {
		words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		parts = append(parts, words...)
		parts = append(parts, strings.Join(words, ""))
	}
	return parts
}
