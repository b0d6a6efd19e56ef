package web

import "github.com/samverkan/samverkan/internal/auth"

// activityRoutes are activities, trainings and meetings (issue 5). Package
// activity decides which records a permission reaches: the parties of a
// municipality read each other's activities, each party logs and changes
// its own (CanRead, CanWrite); a meeting is read by the parties at it and
// the municipality's parties (CanReadMeeting), its action items are marked
// done by their owner and the organiser (CanMarkAction).
func (s *Server) activityRoutes() []Route {
	return []Route{
		// The activity log, its map, exports and the trainings.
		{"GET /activities", auth.PermActivityRead, s.activitiesPage},
		{"GET /activities/new", auth.PermActivityWrite, s.newActivityPage},
		{"POST /activities", auth.PermActivityWrite, s.createActivity},
		{"GET /activities/map", auth.PermActivityRead, s.activityMapPage},
		{"GET /activities.csv", auth.PermActivityRead, s.activitiesCSV},
		{"GET /activities.xlsx", auth.PermActivityRead, s.activitiesXLSX},
		{"GET /activities/{id}", auth.PermActivityRead, s.activityPage},
		{"GET /activities/{id}/edit", auth.PermActivityWrite, s.editActivityPage},
		{"POST /activities/{id}", auth.PermActivityWrite, s.updateActivity},
		{"GET /activities/{id}/delete", auth.PermActivityWrite, s.deleteActivityPage},
		{"POST /activities/{id}/delete", auth.PermActivityWrite, s.deleteActivity},
		{"GET /trainings", auth.PermActivityRead, s.trainingsPage},

		// Meetings, their action items and the calendar. Reporters read the
		// meetings their organisation takes part in; the calendar shows
		// them their meetings only.
		{"GET /meetings", auth.PermMeetingRead, s.meetingsPage},
		{"GET /meetings/new", auth.PermMeetingWrite, s.newMeetingPage},
		{"POST /meetings", auth.PermMeetingWrite, s.createMeeting},
		{"GET /meetings/{id}", auth.PermMeetingRead, s.meetingPage},
		{"GET /meetings/{id}/ics", auth.PermMeetingRead, s.meetingICS},
		{"GET /meetings/{id}/edit", auth.PermMeetingWrite, s.editMeetingPage},
		{"POST /meetings/{id}", auth.PermMeetingWrite, s.updateMeeting},
		{"GET /meetings/{id}/delete", auth.PermMeetingWrite, s.deleteMeetingPage},
		{"POST /meetings/{id}/delete", auth.PermMeetingWrite, s.deleteMeeting},
		{"POST /meeting-actions/{id}/done", auth.PermMeetingWrite, s.markActionDone},
		{"GET /calendar", auth.PermMeetingRead, s.calendarPage},
		{"GET /calendar/feed", auth.PermMeetingRead, s.calendarFeedPage},
		{"POST /calendar/feed", auth.PermMeetingRead, s.createCalendarToken},
		// The feed checks its ?token= itself: a calendar program has no
		// session and sends no header.
		{"GET /calendar.ics", Public, s.calendarFeed},

		// The API.
		{"GET /api/v1/activities", auth.PermActivityRead, s.apiActivities},
		{"POST /api/v1/activities", auth.PermActivityWrite, s.apiCreateActivity},
		{"GET /api/v1/activities/{id}", auth.PermActivityRead, s.apiActivity},
		{"PATCH /api/v1/activities/{id}", auth.PermActivityWrite, s.apiUpdateActivity},
		{"DELETE /api/v1/activities/{id}", auth.PermActivityWrite, s.apiDeleteActivity},
		{"GET /api/v1/trained-premises", auth.PermActivityRead, s.apiTrainedPremises},
		{"GET /api/v1/meetings", auth.PermMeetingRead, s.apiMeetings},
		{"POST /api/v1/meetings", auth.PermMeetingWrite, s.apiCreateMeeting},
		{"GET /api/v1/meetings/{id}", auth.PermMeetingRead, s.apiMeeting},
		{"PATCH /api/v1/meetings/{id}", auth.PermMeetingWrite, s.apiUpdateMeeting},
		{"DELETE /api/v1/meetings/{id}", auth.PermMeetingWrite, s.apiDeleteMeeting},
		{"POST /api/v1/meeting-actions/{id}/done", auth.PermMeetingWrite, s.apiMarkActionDone},
	}
}
