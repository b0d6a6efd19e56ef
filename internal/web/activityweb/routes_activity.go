package activityweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// activityRoutes are activities, trainings and meetings (issue 5). Package
// activity decides which records a permission reaches: the parties of a
// municipality read each other's activities, each party logs and changes
// its own (CanRead, CanWrite); a meeting is read by the parties at it and
// the municipality's parties (CanReadMeeting), its action items are marked
// done by their owner and the organiser (CanMarkAction).
func (s *Server) activityRoutes() []web.Route {
	return []web.Route{
		// The activity log, its map, exports and the trainings.
		web.Handle("GET /activities", auth.PermActivityRead, s.activitiesPage),
		web.Handle("GET /activities/new", auth.PermActivityWrite, s.newActivityPage),
		web.Handle("POST /activities", auth.PermActivityWrite, s.createActivity),
		web.Handle("GET /activities/map", auth.PermActivityRead, s.activityMapPage),
		web.Handle("GET /activities.csv", auth.PermActivityRead, s.activitiesCSV),
		web.Handle("GET /activities.xlsx", auth.PermActivityRead, s.activitiesXLSX),
		web.Handle("GET /activities/{id}", auth.PermActivityRead, s.activityPage),
		web.Handle("GET /activities/{id}/edit", auth.PermActivityWrite, s.editActivityPage),
		web.Handle("POST /activities/{id}", auth.PermActivityWrite, s.updateActivity),
		web.Handle("GET /activities/{id}/delete", auth.PermActivityWrite, s.deleteActivityPage),
		web.Handle("POST /activities/{id}/delete", auth.PermActivityWrite, s.deleteActivity),
		web.Handle("GET /trainings", auth.PermActivityRead, s.trainingsPage),

		// Meetings, their action items and the calendar. Reporters read the
		// meetings their organisation takes part in; the calendar shows
		// them their meetings only.
		web.Handle("GET /meetings", auth.PermMeetingRead, s.meetingsPage),
		web.Handle("GET /meetings/new", auth.PermMeetingWrite, s.newMeetingPage),
		web.Handle("POST /meetings", auth.PermMeetingWrite, s.createMeeting),
		web.Handle("GET /meetings/{id}", auth.PermMeetingRead, s.meetingPage),
		web.Handle("GET /meetings/{id}/ics", auth.PermMeetingRead, s.meetingICS),
		web.Handle("GET /meetings/{id}/edit", auth.PermMeetingWrite, s.editMeetingPage),
		web.Handle("POST /meetings/{id}", auth.PermMeetingWrite, s.updateMeeting),
		web.Handle("GET /meetings/{id}/delete", auth.PermMeetingWrite, s.deleteMeetingPage),
		web.Handle("POST /meetings/{id}/delete", auth.PermMeetingWrite, s.deleteMeeting),
		web.Handle("POST /meeting-actions/{id}/done", auth.PermMeetingWrite, s.markActionDone),
		web.Handle("GET /calendar", auth.PermMeetingRead, s.calendarPage),
		web.Handle("GET /calendar/feed", auth.PermMeetingRead, s.calendarFeedPage),
		web.Handle("POST /calendar/feed", auth.PermMeetingRead, s.createCalendarToken),
		// The feed checks its ?token= itself: a calendar program has no
		// session and sends no header.
		web.Handle("GET /calendar.ics", web.Public, s.calendarFeed),

		// The API.
		web.Handle("GET /api/v1/activities", auth.PermActivityRead, s.apiActivities),
		web.Handle("POST /api/v1/activities", auth.PermActivityWrite, s.apiCreateActivity),
		web.Handle("GET /api/v1/activities/{id}", auth.PermActivityRead, s.apiActivity),
		web.Handle("PATCH /api/v1/activities/{id}", auth.PermActivityWrite, s.apiUpdateActivity),
		web.Handle("DELETE /api/v1/activities/{id}", auth.PermActivityWrite, s.apiDeleteActivity),
		web.Handle("GET /api/v1/trained-premises", auth.PermActivityRead, s.apiTrainedPremises),
		web.Handle("GET /api/v1/meetings", auth.PermMeetingRead, s.apiMeetings),
		web.Handle("POST /api/v1/meetings", auth.PermMeetingWrite, s.apiCreateMeeting),
		web.Handle("GET /api/v1/meetings/{id}", auth.PermMeetingRead, s.apiMeeting),
		web.Handle("PATCH /api/v1/meetings/{id}", auth.PermMeetingWrite, s.apiUpdateMeeting),
		web.Handle("DELETE /api/v1/meetings/{id}", auth.PermMeetingWrite, s.apiDeleteMeeting),
		web.Handle("POST /api/v1/meeting-actions/{id}/done", auth.PermMeetingWrite, s.apiMarkActionDone),
	}
}
