package promise

import "strings"

// Change is one field of an agreement that differs between two versions,
// written as text for the history page.
type Change struct {
	Field  string // the field's name in the API, e.g. "purpose"
	Before string
	After  string
}

// Changes lists the fields in which after differs from before, in the
// order of the agreement's fields.
func Changes(before, after Agreement) []Change {
	fields := []Change{
		{"title", before.Title, after.Title},
		{"municipality_code", before.MunicipalityCode, after.MunicipalityCode},
		{"parties", partiesText(before.Parties), partiesText(after.Parties)},
		{"signed_on", before.SignedOn, after.SignedOn},
		{"signed_place", before.SignedPlace, after.SignedPlace},
		{"starts_on", before.StartsOn, after.StartsOn},
		{"ends_on", before.EndsOn, after.EndsOn},
		{"purpose", before.Purpose, after.Purpose},
		{"collaboration", before.Collaboration, after.Collaboration},
		{"problem", before.Problem, after.Problem},
		{"documentation", before.Documentation, after.Documentation},
		{"follow_up", before.FollowUp, after.FollowUp},
		{"focus_areas", focusAreasText(before.FocusAreas), focusAreasText(after.FocusAreas)},
	}
	var out []Change
	for _, c := range fields {
		if c.Before != c.After {
			out = append(out, c)
		}
	}
	return out
}

// partiesText is one line per party: "Mora kommun – Kommunalråd Anna Hed".
func partiesText(parties []Party) string {
	lines := make([]string, len(parties))
	for i, p := range parties {
		lines[i] = p.OrganizationName
		if who := strings.TrimSpace(p.SignatoryTitle + " " + p.SignatoryName); who != "" {
			lines[i] += " – " + who
		}
	}
	return strings.Join(lines, "\n")
}

// focusAreasText is one line per focus area: "Trafik: Polis och kommun …".
func focusAreasText(areas []FocusArea) string {
	lines := make([]string, len(areas))
	for i, f := range areas {
		lines[i] = f.Title
		if f.Description != "" {
			lines[i] += ": " + f.Description
		}
	}
	return strings.Join(lines, "\n")
}
