package web

import "strings"

var (
	activityUsers  = []who{asAdmin, asCoordinator, asMember}             // activity:read, activity:write
	meetingReaders = []who{asAdmin, asCoordinator, asMember, asReporter} // reporters sit at the meetings
	meetingWriters = []who{asAdmin, asCoordinator, asMember}
)

// activityMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix). Coordinators and members log and read activities and
// write meetings, everyone in an organisation reads meetings; which record
// a permission reaches is decided in package activity, so the matrix asks
// for records that do not exist: an allowed identity passes the route's
// check and gets 404 (or the empty form's error), a refused one never
// reaches the handler.
var activityMatrix = map[string]access{
	"GET /activities":                 {allowed: activityUsers, status: 200},
	"GET /activities/new":             {allowed: activityUsers, status: 200},
	"POST /activities":                {allowed: activityUsers, status: 422}, // empty form
	"GET /activities/map":             {allowed: activityUsers, status: 200},
	"GET /activities.csv":             {allowed: activityUsers, status: 200},
	"GET /activities.xlsx":            {allowed: activityUsers, status: 200},
	"GET /activities/{id}":            {allowed: activityUsers, status: 404},
	"GET /activities/{id}/edit":       {allowed: activityUsers, status: 404},
	"POST /activities/{id}":           {allowed: activityUsers, status: 404},
	"GET /activities/{id}/delete":     {allowed: activityUsers, status: 404},
	"POST /activities/{id}/delete":    {allowed: activityUsers, status: 404},
	"GET /trainings":                  {allowed: activityUsers, status: 200},
	"GET /meetings":                   {allowed: meetingReaders, status: 200},
	"GET /meetings/new":               {allowed: meetingWriters, status: 200},
	"POST /meetings":                  {allowed: meetingWriters, status: 422},
	"GET /meetings/{id}":              {allowed: meetingReaders, status: 404},
	"GET /meetings/{id}/ics":          {allowed: meetingReaders, status: 404},
	"GET /meetings/{id}/edit":         {allowed: meetingWriters, status: 404},
	"POST /meetings/{id}":             {allowed: meetingWriters, status: 404},
	"GET /meetings/{id}/delete":       {allowed: meetingWriters, status: 404},
	"POST /meetings/{id}/delete":      {allowed: meetingWriters, status: 404},
	"POST /meeting-actions/{id}/done": {allowed: meetingWriters, status: 404},
	"GET /calendar":                   {allowed: meetingReaders, status: 200},
	"GET /calendar/feed":              {allowed: meetingReaders, status: 200},
	"POST /calendar/feed":             {allowed: meetingReaders, status: 201}, // a new calendar token
	// Public, because a calendar program brings ?token= instead of a
	// session: a visitor with neither is sent to sign in.
	"GET /calendar.ics": {allowed: allIdentities, status: 303, signedIn: 200},

	"GET /api/v1/activities":                 {allowed: activityUsers, status: 200},
	"POST /api/v1/activities":                {allowed: activityUsers, status: 400}, // empty body
	"GET /api/v1/activities/{id}":            {allowed: activityUsers, status: 404},
	"PATCH /api/v1/activities/{id}":          {allowed: activityUsers, status: 404},
	"DELETE /api/v1/activities/{id}":         {allowed: activityUsers, status: 404},
	"GET /api/v1/trained-premises":           {allowed: activityUsers, status: 422}, // no municipality
	"GET /api/v1/meetings":                   {allowed: meetingReaders, status: 200},
	"POST /api/v1/meetings":                  {allowed: meetingWriters, status: 400},
	"GET /api/v1/meetings/{id}":              {allowed: meetingReaders, status: 404},
	"PATCH /api/v1/meetings/{id}":            {allowed: meetingWriters, status: 404},
	"DELETE /api/v1/meetings/{id}":           {allowed: meetingWriters, status: 404},
	"POST /api/v1/meeting-actions/{id}/done": {allowed: meetingWriters, status: 404},
}

// activityTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func activityTarget(ts *testServer, path string) map[string]string {
	for _, prefix := range []string{"/activities/", "/meetings/", "/meeting-actions/", "/api/v1/activities/", "/api/v1/meetings/",
		"/api/v1/meeting-actions/"} {
		if strings.HasPrefix(path, prefix) {
			return map[string]string{"{id}": "999999"} // nobody's: see activityMatrix
		}
	}
	return nil
}
