// Package statistics owns the public statistics of a municipality: whether
// it publishes them and at which threshold (its settings), and the weekly
// counts of reports per category and area that visitors see without
// signing in, with every count below the threshold hidden and as many
// more hidden as it takes for no hidden count to be worked out from the
// published ones and the totals a visitor may know (Suppress).
//
// It reads the weekly sums that package report keeps (report_weeks) and
// publishes nothing else: no raw report, no total, no other granularity
// than week × category × area. Police events are left out (they are
// public on polisen.se already, and subtracting them from a cell would
// reveal the reporters' part of it). Only weeks that are over, and have
// been for a few days, are published, so that a week's numbers do not
// change under a visitor's eyes. docs/statistics.md explains the design.
package statistics
