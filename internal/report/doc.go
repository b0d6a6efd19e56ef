// Package report owns what reporters and the police tell about a
// municipality week by week, and the weekly situational picture made of it
// (gemensam lägesbild vecka för vecka):
//
//   - reports: a category from the municipality's checklist, when, where (a
//     named place of the municipality, a pin), how many, an assessment and
//     free text, checked for personal data by package pii. external_id
//     makes creation idempotent per organisation; a batch is stored whole
//     or not at all.
//   - police events from package polisen, stored as reports with source
//     "polisen"; summaries of many events are kept apart and never counted.
//   - places and areas: named places per municipality, and areas uploaded
//     as GeoJSON polygons; a point-in-polygon test puts each report in the
//     smallest area that holds it, so that the picture can be drawn for
//     "Lindvallen" or "Noret".
//   - who may read which report (access.go), and the picture itself
//     (situation.go): totals, categories against the previous week and a
//     baseline, places, the hour × weekday grid, the trend, and what is
//     unusual this week by a stated statistical test.
//
// Every week, weekday and hour is Swedish time (Europe/Stockholm); weeks
// are ISO 8601 weeks written "2026-W08". Counts are sums of the reports'
// count field.
package report
