// Package export writes the product's open formats: Atom feeds (RFC 4287),
// CSV downloads (RFC 4180), Excel workbooks, iCalendar feeds (RFC 5545),
// the PDF document of a citizen promise and the PDF protocol of an
// inspection.
// Writers take what to write and the words to write it with; they know
// nothing of HTTP or of the database.
package export
