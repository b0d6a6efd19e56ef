// Package walk owns safety walks (trygghetsvandringar): residents, the
// municipality, the police and property owners walk an area in the evening
// and note what makes it feel unsafe. A walk has its participating
// organisations, a count of residents, the coordinator's notes and a route;
// its points say where, what kind of problem (Categories), what was seen,
// with an optional photo stripped of its metadata (photo.go); a point
// becomes actions, each owned by an organisation of the municipality, with
// a due date and a status (Statuses). Points and actions may name a report
// or a commitment of a promise of the same municipality.
//
// The coordinators and members of the municipality's parties record and
// read its walks (access.go); photos are never public.
package walk
