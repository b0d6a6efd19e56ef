package pii

import (
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Names of people are found as a first name from a list of the common
// first names in Sweden, immediately followed by a surname: "Anna
// Andersson", "Lars Erik Johansson", "Anna-Karin Lindberg-Ek", "Anna
// Anderssons bil". A surname is one from the list of common surnames or
// a word that ends the way Swedish surnames do (-son, -berg, -ström,
// -qvist, …). A first name alone is not flagged ("Anna ringde"): too many
// first names are also words or places, and a first name alone says
// little about who was there.
//
// The words are written the same way: capitalised ("Anna Andersson"), in
// capitals ("ANNA ANDERSSON") or, when both are on the lists, in lower
// case ("anna andersson", typed in a hurry on a phone); the surname may
// be in capitals after a capitalised first name ("Anna ANDERSSON"), as
// forms are filled in.
//
// What is left alone, and why:
//   - Places are not first names: "Ordningsvakterna i Sälen", "Lindvallen",
//     "Mora" are never read as names. A few places end like surnames
//     (Stockholm, Falkenberg); they are listed in notSurnames.
//   - First names that are also words (Per, Hans, Dag, Bo, Liv, Inga, …)
//     are read as a first name at the start of a sentence, where every
//     word is capitalised, only before a surname from the list, not one
//     that merely ends like one; in lower case, never.
//   - A street or square named after a person ("Erik Dahlbergs väg",
//     "Anna Lindhs plats", "Per Albin Hanssons väg") is a place.

var (
	//go:embed names/firstnames.txt
	firstNamesText string
	//go:embed names/surnames.txt
	surnamesText string
)

// nameLists holds the lists (see readNames), read once on first use.
var nameLists = sync.OnceValue(func() *lists {
	l := &lists{first: readNames(firstNamesText), sur: readNames(surnamesText)}
	for n := range l.first {
		l.longestFirst = max(l.longestFirst, len(n))
	}
	return l
})

type lists struct {
	first, sur   map[string]bool
	longestFirst int // in bytes; a longer word is no first name
}

// readNames reads a list of names, one a line; '#' starts a comment line.
// Each name is kept as it is written in a name ("Anna-Karin"), in capitals
// and in lower case, so that a word is looked up as it stands in the text,
// without first changing its case.
func readNames(text string) map[string]bool {
	m := make(map[string]bool)
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		lower := strings.ToLower(line)
		m[lower] = true
		m[strings.ToUpper(line)] = true
		m[titled(lower)] = true
	}
	return m
}

// titled capitalises each part of a name: "anna-karin" is "Anna-Karin".
func titled(name string) string {
	b := make([]rune, 0, len(name))
	first := true
	for _, r := range name {
		if first {
			r = unicode.ToUpper(r)
		}
		b = append(b, r)
		first = r == '-'
	}
	return string(b)
}

// wordlikeFirstNames are first names that are also Swedish words ("per
// dag", "hans bil", "inga skador") or read as one at the start of a
// sentence.
var wordlikeFirstNames = map[string]bool{
	"per": true, "hans": true, "dag": true, "bo": true, "maj": true, "liv": true, "stig": true, "sten": true,
	"bror": true, "karl": true, "saga": true, "rut": true, "inga": true, "lena": true, "dan": true, "max": true,
	"iris": true, "klara": true, "clara": true, "axel": true, "björn": true, "tor": true, "love": true, "august": true,
	"sam": true, "tim": true, "kim": true, "ester": true, "alma": true, "gun": true, "bill": true, "frank": true,
	"jack": true, "ville": true, "nova": true, "lova": true, "mira": true, "jon": true, "ola": true, "ali": true,
	"ann": true, "linn": true, "tilda": true, "ines": true, "leo": true, "neo": true, "mio": true, "ivan": true,
	"amir": true, "anne": true, "moa": true, "svea": true, "göta": true, "edla": true, "ylva": true,
}

// surnameEndings are how Swedish surnames end. A capitalised word that
// ends so, with at least two letters before the ending, is read as a
// surname after a first name.
var surnameEndings = []string{
	"son", "berg", "bergh", "ström", "qvist", "quist", "kvist", "lund", "gren", "holm", "dahl", "blad", "stedt", "lind", "én",
}

// notSurnames are words with a surname's ending that are something else:
// places, and nouns ending in -son (and every word ending in -person,
// "kontaktperson"). In lower case.
var notSurnames = map[string]bool{
	"stockholm": true, "falkenberg": true, "hallsberg": true, "kopparberg": true, "grängesberg": true, "lindesberg": true,
	"ljusnarsberg": true, "åtvidaberg": true, "gustavsberg": true, "laholm": true, "tidaholm": true, "bornholm": true,
	"garnison": true, "bison": true, "unison": true, "sonson": true, "dotterson": true,
}

// streetWords follow a person's name in the genitive when the name is
// the name of a place: "Erik Dahlbergs väg".
var streetWords = map[string]bool{
	"väg": true, "vägen": true, "gata": true, "gatan": true, "gränd": true, "plats": true, "platsen": true, "torg": true,
	"torget": true, "park": true, "parken": true, "allé": true, "backe": true, "stig": true, "led": true, "leden": true,
	"skola": true, "skolan": true, "gymnasium": true, "museum": true, "kyrka": true, "hus": true, "huset": true,
	"minne": true, "bro": true, "bron": true, "hall": true, "hallen": true,
}

// wordCase is how a word is written.
type wordCase int

const (
	unknownCase wordCase = iota // not yet looked at: most words are not names
	otherCase
	titleCase // Anna, Anna-Karin
	upperCase // ANNA
	lowerCase // anna
)

// word is a word of the text: letters, and hyphens between letters.
type word struct {
	start, end int
	text       string
	wcase      wordCase
}

// nameScanner finds names in one text.
type nameScanner struct {
	s   string
	key []byte // scratch for the lower-case form of a word
}

// personNames returns the [start, end) of every name of a person in s.
func personNames(s string) [][2]int {
	var out [][2]int
	ns := nameScanner{s: s}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isLetter(r) {
			i += size
			continue
		}
		w, ok := ns.wordAt(i)
		if ok {
			if end, ok := ns.nameFrom(w); ok {
				out = append(out, [2]int{w.start, end})
				i = end
				continue
			}
		}
		i = w.end
	}
	return out
}

// wordAt reads the word that starts with the letter at i. It is a word
// of the text, ok, if no letter or digit is glued to it ("X12Anna",
// "Anna2": a user name or a code); its end is set either way.
func (ns *nameScanner) wordAt(i int) (w word, ok bool) {
	s := ns.s
	j := i
	for j < len(s) {
		if c := s[j]; isASCIILetter(c) {
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) {
			j += size
			continue
		}
		if r == '-' && j > i && j+1 < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[j+1:]); unicode.IsLetter(next) {
				j++
				continue
			}
		}
		break
	}
	w = word{start: i, end: j, text: s[i:j]}
	return w, j > i && startsToken(s, i) && endsToken(s, j)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIILetter(byte(r))
	}
	return unicode.IsLetter(r)
}

// caseOf tells how w is written; each part of "Anna-Karin" is capitalised.
func caseOf(w string) wordCase {
	upper, lower, title := true, true, true
	first := true
	for _, r := range w {
		if r == '-' {
			first = true
			continue
		}
		isUpper := unicode.IsUpper(r)
		upper = upper && isUpper
		lower = lower && unicode.IsLower(r)
		title = title && isUpper == first
		first = false
	}
	switch {
	case lower:
		return lowerCase
	case upper && utf8.RuneCountInString(w) > 1:
		return upperCase
	case title:
		return titleCase
	}
	return otherCase
}

// nameFrom reads a name that starts with the word w: one to three first
// names and one or two surnames, separated by spaces.
func (ns *nameScanner) nameFrom(w word) (int, bool) {
	if len(w.text) > nameLists().longestFirst || !ns.isFirstName(w) {
		return 0, false
	}
	w.wcase = caseOf(w.text)
	if w.wcase == otherCase {
		return 0, false
	}
	wordlike := ns.wordlike(w)
	if w.wcase == lowerCase && wordlike {
		return 0, false
	}
	strict := w.wcase == lowerCase || (wordlike && ns.sentenceStart(w.start))
	prev := w
	for range 3 {
		next, ok := ns.nextWord(prev)
		if !ok || !sameCase(w.wcase, next.wcase) {
			return 0, false
		}
		if end, ok := ns.surnames(next, strict); ok {
			return end, true
		}
		if !ns.isFirstName(next) {
			return 0, false
		}
		prev = next
	}
	return 0, false
}

// sameCase reports whether a word written as next may follow one written
// as first in a name: the same way, or a surname in capitals after a
// capitalised first name ("Anna ANDERSSON"), as forms are filled in.
func sameCase(first, next wordCase) bool {
	return next == first || (first == titleCase && next == upperCase)
}

// surnames reads one or two surnames from w ("Andersson", "Lindberg
// Sjöström", the second from the list) and returns where they end.
func (ns *nameScanner) surnames(w word, strict bool) (int, bool) {
	for n := 0; ; n++ {
		genitive, ok := ns.surname(w, strict)
		if !ok {
			return 0, false
		}
		next, hasNext := ns.nextWord(w)
		if genitive {
			if hasNext && streetWords[strings.ToLower(next.text)] {
				return 0, false // "Erik Dahlbergs väg": a place
			}
			return w.end, true
		}
		if n == 1 || !hasNext || next.wcase != w.wcase {
			return w.end, true
		}
		if _, ok := ns.surname(next, true); !ok {
			return w.end, true
		}
		w, strict = next, true
	}
}

// surname reports whether w is a surname, perhaps in the genitive
// ("Anderssons"): from the list, or, unless strict, with a surname's
// ending. Each part of "Andersson-Berg" must be one.
func (ns *nameScanner) surname(w word, strict bool) (genitive, ok bool) {
	text := w.text
	if last := text[len(text)-1]; last == 's' || last == 'S' {
		if ns.surnamePart(text[:len(text)-1], w.wcase, strict) {
			return true, true
		}
	}
	return false, ns.surnamePart(text, w.wcase, strict)
}

func (ns *nameScanner) surnamePart(text string, wc wordCase, strict bool) bool {
	for part := range strings.SplitSeq(text, "-") {
		key := ns.lower(part)
		if nameLists().sur[string(key)] {
			continue
		}
		if strict || wc == lowerCase || notSurnames[string(key)] || !surnameShaped(key) {
			return false
		}
	}
	return true
}

// surnameShaped reports whether key, in lower case, ends like a Swedish
// surname with at least two letters before the ending.
func surnameShaped(key []byte) bool {
	if bytes.HasSuffix(key, []byte("person")) {
		return false
	}
	for _, e := range surnameEndings {
		if len(key) > len(e) && string(key[len(key)-len(e):]) == e &&
			utf8.RuneCount(key[:len(key)-len(e)]) >= 2 {
			return true
		}
	}
	return false
}

// isFirstName reports whether w, or each part of "Anna-Karin", is on the
// list of first names. This runs at every word of the text.
func (ns *nameScanner) isFirstName(w word) bool {
	first := nameLists().first
	if first[w.text] {
		return true
	}
	if !strings.Contains(w.text, "-") {
		return false
	}
	for part := range strings.SplitSeq(w.text, "-") {
		if !first[part] {
			return false
		}
	}
	return true
}

func (ns *nameScanner) wordlike(w word) bool {
	return wordlikeFirstNames[string(ns.lower(w.text))]
}

// nextWord returns the word after w if only one or two spaces part them.
func (ns *nameScanner) nextWord(w word) (word, bool) {
	i := w.end
	for n := 0; n < 2 && i < len(ns.s) && ns.s[i] == ' '; n++ {
		i++
	}
	if i == w.end || i >= len(ns.s) {
		return word{}, false
	}
	r, _ := utf8.DecodeRuneInString(ns.s[i:])
	if !unicode.IsLetter(r) {
		return word{}, false
	}
	next, ok := ns.wordAt(i)
	next.wcase = caseOf(next.text)
	return next, ok
}

// sentenceStart reports whether a sentence, line or list item starts at
// i, where every word is capitalised.
func (ns *nameScanner) sentenceStart(i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(ns.s[:i])
		switch r {
		case ' ', '\t', '"', '\'', '(', '”', '»', '“':
			i -= size
			continue
		case '.', '!', '?', ':', '\n', '\r', '•', '-', '*':
			return true
		}
		return false
	}
	return true
}

// lower returns w in lower case, in scratch space that the next call
// reuses, so that looking a word up in a list does not allocate.
func (ns *nameScanner) lower(w string) []byte {
	ns.key = ns.key[:0]
	for _, r := range w {
		ns.key = utf8.AppendRune(ns.key, unicode.ToLower(r))
	}
	return ns.key
}
