// Package i18n says the interface in Swedish or English: the message
// catalogues, the choice of language from a request, and how numbers,
// dates and weeks are written in each language.
package i18n

import (
	"math"
	"math/big"
	"strconv"

	"github.com/samverkan/samverkan/internal/clock"

	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Lang is a language of the interface.
type Lang string

const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Langs lists the languages of the interface, the default first.
var Langs = []Lang{Swedish, English}

// Parse returns the Lang for a code such as "sv" or "en", and whether it
// is one of ours.
func Parse(code string) (Lang, bool) {
	l := Lang(strings.ToLower(strings.TrimSpace(code)))
	return l, slices.Contains(Langs, l)
}

// The catalogues are split by part of the product, locales/<lang>/<part>.json,
// so that a feature brings its own texts; every language must have the
// same parts and the same keys.
//
//go:embed locales
var locales embed.FS

// Bundle holds the catalogues of every language.
type Bundle struct {
	messages map[Lang]map[string]string
	matcher  language.Matcher
	tags     map[Lang]language.Tag
	zone     *time.Location
}

// Load reads the catalogues and checks that every language has every key:
// a text missing in one language fails the start, not a page.
//
// parts are more catalogues, each a file system with locales/<lang>/*.json
// (the web areas' messages); a key defined twice, here or in a part, is an
// error.
func Load(parts ...fs.FS) (*Bundle, error) {
	zone := clock.Zone()
	b := &Bundle{
		messages: map[Lang]map[string]string{},
		matcher:  language.NewMatcher([]language.Tag{language.Swedish, language.English}),
		tags:     map[Lang]language.Tag{Swedish: language.Swedish, English: language.English},
		zone:     zone,
	}
	for _, l := range Langs {
		m := map[string]string{}
		for _, src := range append([]fs.FS{locales}, parts...) {
			files, err := fs.Glob(src, "locales/"+string(l)+"/*.json")
			if err != nil {
				return nil, err
			}
			for _, file := range files {
				raw, err := fs.ReadFile(src, file)
				if err != nil {
					return nil, err
				}
				part := map[string]string{}
				if err := json.Unmarshal(raw, &part); err != nil {
					return nil, fmt.Errorf("%s: %w", file, err)
				}
				for k, v := range part {
					if _, dup := m[k]; dup {
						return nil, fmt.Errorf("%s: key %s is defined twice", file, k)
					}
					m[k] = v
				}
			}
		}
		b.messages[l] = m
	}
	for _, l := range Langs[1:] {
		if missing := diff(b.messages[Swedish], b.messages[l]); len(missing) > 0 {
			return nil, fmt.Errorf("locales/%s lacks %s", l, strings.Join(missing, ", "))
		}
		if extra := diff(b.messages[l], b.messages[Swedish]); len(extra) > 0 {
			return nil, fmt.Errorf("locales/sv lacks %s", strings.Join(extra, ", "))
		}
	}
	return b, nil
}

func diff(a, b map[string]string) []string {
	var out []string
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Keys returns every message key, for tests.
func (b *Bundle) Keys() []string {
	keys := make([]string, 0, len(b.messages[Swedish]))
	for k := range b.messages[Swedish] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether key is in the catalogues.
func (b *Bundle) Has(key string) bool {
	_, ok := b.messages[Swedish][key]
	return ok
}

// Match picks a language from an Accept-Language header; Swedish when
// nothing matches.
func (b *Bundle) Match(acceptLanguage string) Lang {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Swedish
	}
	_, index, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Swedish
	}
	return Langs[index]
}

// Localizer speaks one language.
type Localizer struct {
	Lang    Lang
	bundle  *Bundle
	printer *message.Printer
}

// For returns the Localizer of lang.
func (b *Bundle) For(lang Lang) *Localizer {
	if _, ok := b.messages[lang]; !ok {
		lang = Swedish
	}
	return &Localizer{Lang: lang, bundle: b, printer: message.NewPrinter(b.tags[lang])}
}

// T returns the text of key, formatted with args as by fmt. An unknown key
// is returned as it is, so that a mistake shows instead of an empty space;
// tests check that every key used exists.
func (l *Localizer) T(key string, args ...any) string {
	s, ok := l.bundle.messages[l.Lang][key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// TN is T for a sentence about n things: where the catalogue has a
// singular form under key + ".one", n == 1 uses it ("1 rapport", not
// "1 rapporter"). Both languages need no more forms than these two.
func (l *Localizer) TN(key string, n int, args ...any) string {
	if n == 1 {
		if _, ok := l.bundle.messages[l.Lang][key+".one"]; ok {
			key += ".one"
		}
	}
	return l.T(key, args...)
}

// Message is T for a message made elsewhere (a field's error), whose
// count, if it has one, is its first whole number: TN of that number, so
// that "Vänta 1 minut" has its singular where the catalogue has one.
func (l *Localizer) Message(key string, args ...any) string {
	for _, a := range args {
		if n, ok := a.(int); ok {
			return l.TN(key, n, args...)
		}
	}
	return l.T(key, args...)
}

// Number writes n with the language's separators: 12 345,5 in Swedish
// (grouped with a no-break space, so a number never breaks over lines).
func (l *Localizer) Number(n any) string {
	return l.printer.Sprint(number.Decimal(n))
}

// Zone is the time zone of the service, Europe/Stockholm.
func (l *Localizer) Zone() *time.Location { return l.bundle.zone }

// Date writes the date of t in Sweden as 2026-11-21, in both languages.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(l.bundle.zone).Format("2006-01-02")
}

// DateTime writes t in Sweden as 2026-11-21 14:05.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(l.bundle.zone).Format("2006-01-02 15:04")
}

// Week writes the ISO week of t in Sweden: "vecka 47, 2026" or "week 47, 2026".
func (l *Localizer) Week(t time.Time) string {
	y, w := t.In(l.bundle.zone).ISOWeek()
	return l.T("week.label", w, y)
}

// Percent is part of whole in whole percent, rounded as people round (a
// half up: 13 of 14 is 93, not the 92 that integer division gives), but
// never 100 before the whole nor 0 after the first part, which would say
// "all" or "none" where it is not so (199 of 200 is 99). Of nothing it is 0.
func Percent(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	p := (200*part + whole) / (2 * whole) // round(100·part/whole), half up, in integers
	switch {
	case p >= 100 && part < whole:
		return 99
	case p <= 0 && part > 0:
		return 1
	}
	return p
}

// Decimal writes v to at most digits decimals, without trailing zeros,
// with a decimal comma in Swedish: 2,5 and 2.5, 3 and 3. A half rounds
// away from zero, as people round (3,25 → 3,3), not to even as
// strconv does; and it is the half of the number as written (1,005 →
// 1,01), not of the binary float just under it (1.00499…).
func (l *Localizer) Decimal(v float64, digits int) string {
	s := roundDecimal(v, digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	if l.Lang == Swedish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// roundDecimal writes v rounded to digits decimals, a half away from
// zero, reckoned on the shortest decimal that reads back as v.
func roundDecimal(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', digits, 64)
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	if !ok {
		return strconv.FormatFloat(v, 'f', digits, 64)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	r.Mul(r, new(big.Rat).SetInt(scale))
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int)) // truncated toward zero
	if m.Abs(m).Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	neg := q.Sign() < 0
	s := q.Abs(q).String()
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
