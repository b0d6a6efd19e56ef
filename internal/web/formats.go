package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/report"
)

// AbsURL is the address of path as others should link to it: on the
// public URL when the server has one, else on the host that was asked.
func (s *Server) AbsURL(r *http.Request, path string) string {
	if s.publicURL != "" {
		return strings.TrimSuffix(s.publicURL, "/") + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// Today is the date in Sweden, to tell current promises from earlier ones.
func Today(r *http.Request) string {
	return Now(r).In(Loc(r).Zone()).Format("2006-01-02")
}

// LocalLayout is the value of an <input type="datetime-local">.
const LocalLayout = "2006-01-02T15:04"

// ParseDecimal reads a number typed in either language: 61,0045 or
// 61.0045. ok is false for anything else; empty is nil.
func ParseDecimal(s string) (v *float64, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	return &f, true
}

// Coordinate writes a latitude or longitude with five decimals (about a
// metre), in the language's way.
func (b *Base) Coordinate(v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', 5, 64)
	if b.Lang == "sv" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// WeekName writes a week as "vecka 8, 2026".
func (b *Base) WeekName(w report.Week) string { return b.T("week.label", w.Number, w.Year) }
