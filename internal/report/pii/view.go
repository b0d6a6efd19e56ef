package pii

import (
	"sort"
	"unicode/utf8"
)

// A view is a text rewritten so that the detectors see one spelling of
// what can be written many ways: "８１１２１８–９８７６" as
// "811218-9876", "anna (at) mora (dot) se" as "anna@mora.se"; or the text
// as it would be redacted (see Scan). Findings are made in the view and
// mapped back, so that what is redacted is what the reporter wrote.
type view struct {
	s string
	// rewrites are the places where s differs from the original text, in
	// order. Between them s is the original, shifted. Rewrites are few,
	// so a list of them costs less than a map of every byte.
	rewrites []rewrite
}

// rewrite says that s[at:at+n] stands for orig[start:end]; n may be 0.
type rewrite struct{ at, n, start, end int }

// orig returns the bytes of the original text that s[k] stands for.
func (v *view) orig(k int) (start, end int) {
	// The last rewrite at or before k.
	r := sort.Search(len(v.rewrites), func(i int) bool { return v.rewrites[i].at > k }) - 1
	if r < 0 {
		return k, k + 1
	}
	rw := v.rewrites[r]
	if k < rw.at+rw.n {
		return rw.start, rw.end
	}
	o := rw.end + k - (rw.at + rw.n)
	return o, o + 1
}

// span maps [start, end) in the view, end > start, to the original text.
func (v *view) span(start, end int) (int, int) {
	if v.rewrites == nil {
		return start, end
	}
	s, _ := v.orig(start)
	_, e := v.orig(end - 1)
	return s, e
}

// viewBuilder writes a view of orig. Nothing is allocated until the first
// rewrite, so that a text with nothing to rewrite, the common case, costs
// one read.
type viewBuilder struct {
	orig     string
	done     int // orig[:done] is written
	b        []byte
	rewrites []rewrite
}

// rewrite writes repl, which may be empty, in place of orig[i:i+n].
func (w *viewBuilder) rewrite(i, n int, repl string) {
	if w.rewrites == nil {
		w.b = make([]byte, 0, len(w.orig))
	}
	w.b = append(w.b, w.orig[w.done:i]...)
	w.rewrites = append(w.rewrites, rewrite{at: len(w.b), n: len(repl), start: i, end: i + n})
	w.b = append(w.b, repl...)
	w.done = i + n
}

func (w *viewBuilder) view() view {
	if w.rewrites == nil {
		return view{s: w.orig}
	}
	w.b = append(w.b, w.orig[w.done:]...)
	return view{s: string(w.b), rewrites: w.rewrites}
}

// normalize returns the view the number, plate and name detectors read:
// full-width forms (U+FF01–U+FF5E, "１２３", "ＡＢＣ") as ASCII, every
// dash and minus as '-', every space as ' ', and the invisible characters
// that can be slipped into a number (soft hyphen, zero-width space and
// joiners) removed. Each is a way to write a number that a person reads
// as the same number but a byte-wise matcher does not.
func normalize(text string) view {
	w := viewBuilder{orig: text}
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if repl, ok := normalRune(r); ok {
			w.rewrite(i, size, repl)
		}
		i += size
	}
	return w.view()
}

// ascii holds each ASCII character as a string, so that normalRune does
// not allocate.
var ascii = func() (a [128]string) {
	for c := range a {
		a[c] = string(rune(c))
	}
	return a
}()

// normalRune returns what r is written as in the normalized view, and
// whether that differs from r.
func normalRune(r rune) (string, bool) {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return ascii[r-0xFF01+'!'], true
	case r >= 0x2010 && r <= 0x2015, // hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar
		r == 0x2212, r == 0xFE58, r == 0xFE63: // minus sign, small em dash, small hyphen-minus
		return "-", true
	case r == 0x00A0, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x3000: // no-break and typographic spaces
		return " ", true
	case r == 0x00AD, r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF: // soft hyphen, zero-width characters
		return "", true
	}
	return "", false
}
