package web

import (
	"net/url"
	"strconv"
	"strings"
)

// RowName names a field of row i of a list, as the API names it in errors:
// "commitments.2.text".
func RowName(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

// CountRows counts the rows of a list that a form posted, by the field
// that every row has.
func CountRows(f url.Values, list, field string) int {
	n := 0
	for f.Has(RowName(list, n, field)) {
		n++
	}
	return n
}

// FormRows returns the indexes of the rows to show: those with values,
// then spare rows up to min, and two more when asked for.
func FormRows(values url.Values, list, field string, min int, more bool) []int {
	n := CountRows(values, list, field)
	// Rows that are all empty at the end are spare rows, not data.
	for n > 0 && !more && RowEmpty(values, list, n-1) {
		n--
	}
	n++
	if more {
		n += 2
	}
	n = max(n, min)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// RowEmpty reports whether every field of row i of list is empty.
func RowEmpty(values url.Values, list string, i int) bool {
	prefix := RowName(list, i, "")
	for k, vs := range values {
		if strings.HasPrefix(k, prefix) && strings.TrimSpace(strings.Join(vs, "")) != "" {
			return false
		}
	}
	return true
}

// RowFields lists the fields of n rows, in the order of the form.
func RowFields(list string, n int, fields ...string) []string {
	var out []string
	for i := range n {
		for _, f := range fields {
			out = append(out, RowName(list, i, f))
		}
	}
	return out
}
