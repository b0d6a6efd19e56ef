package activityweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var (
	activityUsers  = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember}                     // activity:read, activity:write
	meetingReaders = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember, webtest.AsReporter} // reporters sit at the meetings
	meetingWriters = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember}
)

// matrix are the permission matrix's rows of this area's routes.
// Coordinators and members log and read activities and write meetings,
// everyone in an organisation reads meetings; which record a permission
// reaches is decided in package activity, so the matrix asks for records
// that do not exist: an allowed identity passes the route's check and gets
// 404 (or the empty form's error), a refused one never reaches the
// handler.
var matrix = map[string]webtest.Access{
	"GET /activities":                 {Allowed: activityUsers, Status: 200},
	"GET /activities/new":             {Allowed: activityUsers, Status: 200},
	"POST /activities":                {Allowed: activityUsers, Status: 422}, // empty form
	"GET /activities/map":             {Allowed: activityUsers, Status: 200},
	"GET /activities.csv":             {Allowed: activityUsers, Status: 200},
	"GET /activities.xlsx":            {Allowed: activityUsers, Status: 200},
	"GET /activities/{id}":            {Allowed: activityUsers, Status: 404},
	"GET /activities/{id}/edit":       {Allowed: activityUsers, Status: 404},
	"POST /activities/{id}":           {Allowed: activityUsers, Status: 404},
	"GET /activities/{id}/delete":     {Allowed: activityUsers, Status: 404},
	"POST /activities/{id}/delete":    {Allowed: activityUsers, Status: 404},
	"GET /trainings":                  {Allowed: activityUsers, Status: 200},
	"GET /meetings":                   {Allowed: meetingReaders, Status: 200},
	"GET /meetings/new":               {Allowed: meetingWriters, Status: 200},
	"POST /meetings":                  {Allowed: meetingWriters, Status: 422},
	"GET /meetings/{id}":              {Allowed: meetingReaders, Status: 404},
	"GET /meetings/{id}/ics":          {Allowed: meetingReaders, Status: 404},
	"GET /meetings/{id}/edit":         {Allowed: meetingWriters, Status: 404},
	"POST /meetings/{id}":             {Allowed: meetingWriters, Status: 404},
	"GET /meetings/{id}/delete":       {Allowed: meetingWriters, Status: 404},
	"POST /meetings/{id}/delete":      {Allowed: meetingWriters, Status: 404},
	"POST /meeting-actions/{id}/done": {Allowed: meetingWriters, Status: 404},
	"GET /calendar":                   {Allowed: meetingReaders, Status: 200},
	"GET /calendar/feed":              {Allowed: meetingReaders, Status: 200},
	"POST /calendar/feed":             {Allowed: meetingReaders, Status: 201}, // a new calendar token
	// Public, because a calendar program brings ?token= instead of a
	// session: a visitor with neither is sent to sign in.
	"GET /calendar.ics": {Allowed: webtest.AllIdentities, Status: 303, SignedIn: 200},

	"GET /api/v1/activities":                 {Allowed: activityUsers, Status: 200},
	"POST /api/v1/activities":                {Allowed: activityUsers, Status: 400}, // empty body
	"GET /api/v1/activities/{id}":            {Allowed: activityUsers, Status: 404},
	"PATCH /api/v1/activities/{id}":          {Allowed: activityUsers, Status: 404},
	"DELETE /api/v1/activities/{id}":         {Allowed: activityUsers, Status: 404},
	"GET /api/v1/trained-premises":           {Allowed: activityUsers, Status: 422}, // no municipality
	"GET /api/v1/meetings":                   {Allowed: meetingReaders, Status: 200},
	"POST /api/v1/meetings":                  {Allowed: meetingWriters, Status: 400},
	"GET /api/v1/meetings/{id}":              {Allowed: meetingReaders, Status: 404},
	"PATCH /api/v1/meetings/{id}":            {Allowed: meetingWriters, Status: 404},
	"DELETE /api/v1/meetings/{id}":           {Allowed: meetingWriters, Status: 404},
	"POST /api/v1/meeting-actions/{id}/done": {Allowed: meetingWriters, Status: 404},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func target(ts *webtest.TestServer, path string) map[string]string {
	for _, prefix := range []string{"/activities/", "/meetings/", "/meeting-actions/", "/api/v1/activities/", "/api/v1/meetings/",
		"/api/v1/meeting-actions/"} {
		if strings.HasPrefix(path, prefix) {
			return map[string]string{"{id}": "999999"} // nobody's: see matrix
		}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("activities"), matrix, target)
	})
}
