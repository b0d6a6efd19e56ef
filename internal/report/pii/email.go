package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Addresses are written so that machines do not read them: "anna (at)
// mora (dot) se", "anna[at]mora.se", "anna snabel-a mora punkt se". The
// e-mail detector reads a view in which each such marker is '@' or '.'.
//
// The bracketed markers and "snabel-a" are never anything else, so an
// address written with them is taken with any top-level domain. The bare
// words " at ", " dot " and " punkt " are also ordinary words (English, or
// "punkt" for a point in Swedish), so an address that needs them to be an
// address must end in a top-level domain people write in Sweden and must
// not be a web address ("läs mer at www.polisen.se").

// atMarkers stand for '@', dotMarkers for '.'. Lower case; matched
// ignoring ASCII case, with any spaces around them.
var (
	atMarkers  = []string{"(at)", "[at]", "{at}", "<at>", "(a)", "[a]", "(@)", "[@]", "(snabel-a)", "[snabel-a]", "(snabela)", "snabel-a", "snabela", "@"}
	dotMarkers = []string{"(dot)", "[dot]", "{dot}", "<dot>", "(punkt)", "[punkt]", "(.)", "[.]"}
	// The words stand for '@' and '.' only between spaces.
	atWords  = []string{"at"}
	dotWords = []string{"dot", "punkt"}
)

// commonTLDs are the top-level domains an address written with bare words
// must end in.
var commonTLDs = map[string]bool{
	"se": true, "nu": true, "com": true, "net": true, "org": true, "eu": true, "info": true, "io": true,
	"dk": true, "no": true, "fi": true, "de": true, "uk": true, "biz": true, "me": true, "app": true,
}

// deobfuscate returns the view of text the e-mail detector reads.
func deobfuscate(text string) view {
	w := viewBuilder{orig: text}
	prevAlnum := false
	for i := 0; i < len(text); {
		if prevAlnum && markerStart[text[i]] {
			if n, repl := addressMarker(text, i); n > 0 {
				w.rewrite(i, n, repl)
				i += n
				prevAlnum = false
				continue
			}
		}
		if c := text[i]; c < utf8.RuneSelf {
			prevAlnum = isDigit(c) || isASCIILetter(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		prevAlnum = isAlnum(r)
		i += size
	}
	return w.view()
}

// markerStart holds the bytes a marker can start with, spaces included.
var markerStart = [256]bool{' ': true, '(': true, '[': true, '{': true, '<': true, '@': true}

// A marker is one way of writing '@' or '.'. A word marker stands
// between single spaces.
type marker struct {
	mark, repl string
	word       bool
}

// markerIndex lists the markers by the byte they start with, in either
// case, so that the space between two words, the common case, is tried
// against few of them.
var markerIndex = func() (idx [256][]marker) {
	add := func(marks []string, repl string, word bool) {
		for _, mk := range marks {
			m := marker{mark: mk, repl: repl, word: word}
			idx[mk[0]] = append(idx[mk[0]], m)
			if c := mk[0]; c >= 'a' && c <= 'z' {
				idx[c-'a'+'A'] = append(idx[c-'a'+'A'], m)
			}
		}
	}
	add(atMarkers, "@", false)
	add(dotMarkers, ".", false)
	add(atWords, "@", true)
	add(dotWords, ".", true)
	return idx
}()

// addressMarker returns the length of the marker at i, which follows a
// letter or digit, and what it stands for; 0 if there is none. A marker
// must be followed by a letter or digit, the start of what comes after
// the '@' or '.'.
func addressMarker(s string, i int) (int, string) {
	j := skipSpaces(s, i)
	if j >= len(s) {
		return 0, ""
	}
	spacedBefore := j > i
	for _, m := range markerIndex[s[j]] {
		if !hasPrefixFold(s[j:], m.mark) {
			continue
		}
		if m.word {
			end := j + len(m.mark)
			if j-i == 1 && end+1 < len(s) && s[end] == ' ' && beforeAlnum(s, end+1) {
				return end + 1 - i, m.repl
			}
			continue
		}
		end := skipSpaces(s, j+len(m.mark))
		spacedAfter := end > j+len(m.mark)
		switch {
		case !beforeAlnum(s, end):
			continue
		case m.mark == "@" && !spacedBefore && !spacedAfter:
			continue // a plain '@' is the address itself
		case m.mark[0] == 's' && (!spacedBefore || !spacedAfter):
			continue // "snabel-a" is a word, between spaces
		}
		return end - i, m.repl
	}
	return 0, ""
}

// skipSpaces returns the index after the spaces at i, at most two: a
// marker is written beside the address, not a line away.
func skipSpaces(s string, i int) int {
	for n := 0; n < 2 && i < len(s) && s[i] == ' '; n++ {
		i++
	}
	return i
}

// beforeAlnum reports whether a letter or digit starts at i.
func beforeAlnum(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isAlnum(r)
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case; prefix is lower
// case ASCII.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := range len(prefix) {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// plainlyMarked reports whether an address found in the deobfuscated view,
// orig in the text, is written with an '@' or a marker that can mean
// nothing else, rather than only with words.
func plainlyMarked(orig string) bool {
	if strings.Contains(orig, "@") {
		return true
	}
	lower := strings.ToLower(orig)
	for _, m := range atMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// emailAccepted reports whether an address found in the view, written as
// orig in the text and addr in the view, is taken: always when plainly
// marked, and when written with words only if it ends in a common
// top-level domain and is not a web address.
func emailAccepted(orig, addr string) bool {
	if plainlyMarked(orig) {
		return true
	}
	at := strings.IndexByte(addr, '@')
	domain := strings.ToLower(addr[at+1:])
	if strings.HasPrefix(domain, "www.") {
		return false
	}
	return commonTLDs[domain[strings.LastIndexByte(domain, '.')+1:]]
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
		// The address ends with its top-level domain, whatever follows:
		// "a@b.se-811218-9876" is an address and a number.
		for end > at+1 && !isDomain(s[at+1:end]) {
			end = at + 1 + max(strings.LastIndexAny(s[at+1:end], ".-"), 0)
		}
		if start == at || end == at+1 {
			continue
		}
		out = append(out, [2]int{start, end})
		from = end
	}
}

// isDomain reports whether domain has a name and a top-level domain of
// two letters or more.
func isDomain(domain string) bool {
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || strings.Contains(domain, "..") || domain[len(domain)-1] == '-' {
		return false
	}
	tld := domain[dot+1:]
	return len(tld) >= 2 && !strings.ContainsFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) })
}
