// Package polisen owns the Swedish police's public events feed
// (https://polisen.se/api/events): it parses the feed as served and maps each
// event to the incident the product stores as a report with source
// "polisen". It does no I/O of its own beyond reading what it is given, so
// the import command, the demo loader and tests share one mapping.
//
// The feed has no schema and has changed under its users. The rules below
// come from an archive of 85,011 events (September 2022 to August 2026); the
// tests run every one of them through Map.
//
//   - datetime is the publication time, "2006-01-02 15:04:05 -07:00", but
//     the hour is never padded: "9:25:11" (38% of the archive).
//   - name is "22 augusti 09.12, Trafikolycka, Malung-Sälen": when the
//     incident happened, without a year, then the type, then the place. The
//     year is the one that puts that moment closest to publication, because
//     events are published both after the fact (31 December published on
//     1 January belongs to the old year) and ahead of it (a notice about
//     1 May published on 28 April). A fifth of the archive writes the time
//     "09:12" instead of "09.12".
//   - name is sometimes wrong by a day: an incident of 23.25 published at
//     00:36 may carry the publication's date and so lie 23 hours after its
//     own publication (162 incidents of the archive do). Map keeps what name
//     says, as the contract asks: nothing in the event tells such a slip
//     from a notice of something to come.
//   - the type may itself contain a comma ("Trafikolycka, personskada"), so
//     the place is the part after the last comma, never the third part.
//   - the place is a kommun, or a county ("Dalarnas län") for events that
//     concern a whole county, such as the nightly summaries. Some kommuner
//     are spelled with a lower-case second word ("Upplands väsby", "Dals-ed",
//     "Lilla edet", "Östra göinge"), so names are matched without regard to
//     case, hyphens or repeated spaces. Twice the place is empty.
//   - location.name was the kommun until January 2026 and has been the
//     county since, so the kommun is read from name only. location.name is
//     used only to keep a county when name has no place we know.
//   - location.gps is the centre of the kommun or county, never where the
//     incident happened, so it is kept as AreaCenter and must not be shown
//     as the incident's position.
//   - type is an open set (97 values) that is renamed over time: name keeps
//     the type at publication ("Fylleri/LOB") while type has the new one
//     ("Fylleri"). The category is type, trimmed (one carries a trailing
//     space). Types beginning "Sammanfattning" summarise a night or a day
//     of many incidents and are never counted as an incident.
//   - url is a path on https://polisen.se.
package polisen
