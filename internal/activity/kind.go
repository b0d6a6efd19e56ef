package activity

import "slices"

// Kinds of activity, as in the contract.
const (
	KindTrafficControl = "traffic_control" // trafikkontroll
	KindPatrol         = "patrol"          // patrol and visibility
	KindBarCheck       = "bar_check"       // krogkontroll
	KindTraining       = "training"        // e.g. Ansvarsfull alkoholservering
	KindInformation    = "information"     // an information effort
	KindFieldWork      = "field_work"      // a field-worker evening
	KindMeeting        = "meeting"
	KindOther          = "other"
)

// Counter is a number an activity of a kind records.
type Counter struct {
	Name string
	// Whole is set for counts of things; hours may have decimals.
	Whole bool
}

// Kind is a kind of activity and what it counts. A kind or a counter is
// added here, and its words in the catalogues (activity.kind.NAME,
// activity.counter.NAME); the database needs no change.
type Kind struct {
	Name     string
	Counters []Counter
}

// Kinds lists the kinds in the order they are offered.
var Kinds = []Kind{
	{KindTrafficControl, []Counter{{"vehicles_checked", true}, {"breath_tests", true}, {"drug_tests", true}, {"offences", true}}},
	{KindPatrol, []Counter{{"hours", false}, {"officers", true}}},
	{KindBarCheck, []Counter{{"premises_checked", true}, {"remarks", true}}},
	{KindTraining, []Counter{{"participants", true}, {"hours", false}}},
	{KindInformation, []Counter{{"reach", true}}},
	{KindFieldWork, []Counter{{"contacts", true}, {"hours", false}}},
	{KindMeeting, []Counter{{"participants", true}}},
	{KindOther, []Counter{{"participants", true}}},
}

// KindNames lists the names of the kinds.
func KindNames() []string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = k.Name
	}
	return names
}

// KindOf returns the kind with the name.
func KindOf(name string) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Name == name })
	if i < 0 {
		return Kind{}, false
	}
	return Kinds[i], true
}

// Counter returns the kind's counter with the name.
func (k Kind) Counter(name string) (Counter, bool) {
	i := slices.IndexFunc(k.Counters, func(c Counter) bool { return c.Name == name })
	if i < 0 {
		return Counter{}, false
	}
	return k.Counters[i], true
}

// CounterNames lists every counter of every kind once, in the order of
// Kinds: the columns of an export.
func CounterNames() []string {
	var names []string
	for _, k := range Kinds {
		for _, c := range k.Counters {
			if !slices.Contains(names, c.Name) {
				names = append(names, c.Name)
			}
		}
	}
	return names
}

// Topics of a training.
const (
	TopicResponsibleService = "responsible_alcohol_service" // Ansvarsfull alkoholservering
	TopicNarcotics          = "narcotics"
	TopicOther              = "other"
)

// Topics lists the topics of a training.
var Topics = []string{TopicResponsibleService, TopicNarcotics, TopicOther}

// Kinds of meeting.
const (
	MeetingCollaboration = "collaboration" // samverkansmöte
	MeetingCouncil       = "council"       // the local crime-prevention council, BRÅ
	MeetingForum         = "forum"         // the destination's collaboration forum
	MeetingOther         = "other"
)

// MeetingKinds lists the kinds of meeting.
var MeetingKinds = []string{MeetingCollaboration, MeetingCouncil, MeetingForum, MeetingOther}
