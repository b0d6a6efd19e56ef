package mail

import (
	"strings"
	"unicode"

	"github.com/samverkan/samverkan/internal/i18n"
)

// GreetingName is what a message calls its recipient in its greeting: the
// first word of the name as people write theirs in Sweden, given name
// first ("Åsa" of "Åsa Öberg", "Anna-Karin" of "Anna-Karin Lind"), the
// part after the comma of a name written family name first ("Öberg, Åsa"),
// and nothing in parentheses ("Sara Samordnare (demo)" is "Sara"). A
// greeting by the whole name reads like a form letter, and by the e-mail
// address like a machine; "" (greet without a name) when there is no
// name, or the name is an e-mail address or has no letter in it.
func GreetingName(name string) string {
	name = withoutParentheses(oneLine(name))
	if family, given, ok := strings.Cut(name, ","); ok && strings.TrimSpace(given) != "" && strings.TrimSpace(family) != "" {
		name = given
	}
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	first := strings.TrimRight(words[0], ",;:.!?")
	if strings.Contains(first, "@") || !strings.ContainsFunc(first, unicode.IsLetter) {
		return ""
	}
	return first
}

// withoutParentheses drops what is in parentheses, the parentheses too.
func withoutParentheses(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Greeting is the first line of a message to someone called name, in
// loc's language: "Hej Åsa!", or "Hej!" when there is no name to use.
func Greeting(loc *i18n.Localizer, name string) string {
	if n := GreetingName(name); n != "" {
		return loc.T("mail.greeting", n)
	}
	return loc.T("mail.greeting_no_name")
}
