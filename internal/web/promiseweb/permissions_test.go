package promiseweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// matrix are the permission matrix's rows of this area's routes.
var matrix = map[string]webtest.Access{
	// Agreements and citizen promises: coordinators write, coordinators
	// and members read, the parties' staff update their commitments. The
	// handler decides which record a permission reaches, so the matrix
	// asks for a record that does not exist: an allowed identity passes
	// the route's check and gets 404 (or the form's error first), a
	// refused one never reaches the handler.
	"GET /agreements":                        {Allowed: webtest.AgreementReaders, Status: 200},
	"GET /agreements/new":                    {Allowed: webtest.AgreementWriters, Status: 200},
	"POST /agreements":                       {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /agreements/{id}":                   {Allowed: webtest.AgreementReaders, Status: 404},
	"GET /agreements/{id}/edit":              {Allowed: webtest.AgreementWriters, Status: 404},
	"POST /agreements/{id}":                  {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /agreements/{id}/history":           {Allowed: webtest.AgreementReaders, Status: 404},
	"GET /promises":                          {Allowed: webtest.AgreementReaders, Status: 200},
	"GET /promises/new":                      {Allowed: webtest.AgreementWriters, Status: 200},
	"POST /promises":                         {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /promises/{id}/edit":                {Allowed: webtest.AgreementWriters, Status: 404},
	"POST /promises/{id}":                    {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"POST /promises/{id}/publish":            {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"POST /promises/{id}/end":                {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /promises/{id}/amend":               {Allowed: webtest.AgreementWriters, Status: 404},
	"POST /promises/{id}/amendments":         {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /commitments/{id}/status":           {Allowed: webtest.CommitmentUpdaters, Status: 404},
	"POST /commitments/{id}/status":          {Allowed: webtest.CommitmentUpdaters, Status: webtest.AnyAnswer},
	"GET /kommun/{code}":                     {Allowed: webtest.AllIdentities, Status: 200},
	"GET /promises/{id}":                     {Allowed: webtest.AllIdentities, Status: 404},
	"GET /promises/{id}/pdf":                 {Allowed: webtest.AllIdentities, Status: 404},
	"GET /feeds/promises.atom":               {Allowed: webtest.AllIdentities, Status: 200},
	"GET /feeds/kommun/{code}/promises.atom": {Allowed: webtest.AllIdentities, Status: 200},
	"GET /open-data/promises.csv":            {Allowed: webtest.AllIdentities, Status: 200},
	"GET /api/v1/agreements":                 {Allowed: webtest.AgreementReaders, Status: 200},
	"POST /api/v1/agreements":                {Allowed: webtest.AgreementWriters, Status: 400},
	"GET /api/v1/agreements/{id}":            {Allowed: webtest.AgreementReaders, Status: 404},
	"PATCH /api/v1/agreements/{id}":          {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /api/v1/agreements/{id}/versions":   {Allowed: webtest.AgreementReaders, Status: 404},
	"GET /api/v1/promises":                   {Allowed: webtest.AgreementReaders, Status: 200},
	"POST /api/v1/promises":                  {Allowed: webtest.AgreementWriters, Status: 400},
	"GET /api/v1/promises/{id}":              {Allowed: webtest.AgreementReaders, Status: 404},
	"PATCH /api/v1/promises/{id}":            {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"POST /api/v1/promises/{id}/publish":     {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"POST /api/v1/promises/{id}/end":         {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"POST /api/v1/promises/{id}/amendments":  {Allowed: webtest.AgreementWriters, Status: webtest.AnyAnswer},
	"GET /api/v1/promises/{id}/progress":     {Allowed: webtest.AgreementReaders, Status: 404},
	"PATCH /api/v1/commitments/{id}":         {Allowed: webtest.CommitmentUpdaters, Status: webtest.AnyAnswer},
	"GET /api/v1/public/promises":            {Allowed: webtest.AllIdentities, Status: 200},
	"GET /api/v1/public/promises/{id}":       {Allowed: webtest.AllIdentities, Status: 404},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix: a record nobody has (see
// matrix) and Mora (2062) for the public municipality pages and feeds.
func target(ts *webtest.TestServer, path string) map[string]string {
	switch {
	case strings.Contains(path, "/agreements/") || strings.Contains(path, "/promises/") || strings.Contains(path, "/commitments/"):
		return map[string]string{"{id}": "999999"}
	case strings.HasPrefix(path, "/kommun/") || strings.HasPrefix(path, "/feeds/kommun/"):
		return map[string]string{"{code}": "2062"}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("promises"), matrix, target)
	})
}
