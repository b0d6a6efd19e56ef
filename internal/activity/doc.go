// Package activity owns what the parties do to carry a promise out: the
// log of activities (traffic controls, patrols, bar checks, trainings,
// information efforts, field-worker evenings …) with their counters, each
// linked to the commitment it serves; the trainings' participants per
// premises; and the meetings (collaboration meetings, the council, the
// destination's forum) with their minutes, decisions and action items.
//
// Each party documents and changes only its own activities and meetings;
// the parties of a municipality read each other's (access.go).
//
// Demo generates the synthetic seasons of the demonstration (demo.go).
package activity
