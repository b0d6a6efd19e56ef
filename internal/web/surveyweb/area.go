// Package surveyweb is the area of the dialogue surveys (medborgardialog,
// medarbetardialog): the coordinators' list, the survey made from a
// template, its wording edited while a draft, publishing and closing, the
// results as tables, the public answer page at /s/{token} (no sign-in,
// phone first, without JavaScript) and the JSON API. Package survey
// decides who makes, reads and sees the raw answers of which survey.
package surveyweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	municipalities *municipality.Store
	surveys        *survey.Store
	// limits counts the answers per survey and address, in memory.
	limits *survey.AnswerLimits
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, municipalities: k.Municipalities(), surveys: survey.NewStore(k.DB()),
		limits: survey.NewAnswerLimits(k.DB().Clock())}
	return web.Area{Name: "surveys", Routes: s.routes(), Files: files, Limits: survey.Limits, Public: s.publicSection, StartOrder: 70,
		Nav: []web.NavEntry{{Href: "/surveys", Label: "nav.surveys", Perm: auth.PermSurveyResults, Order: 25, Group: web.NavGroupDialogue}}}
}

func (s *Server) routes() []web.Route {
	return []web.Route{
		// The coordinators' pages; results for every party's staff.
		web.Handle("GET /surveys", auth.PermSurveyResults, s.listPage),
		web.Handle("GET /surveys/new", auth.PermSurveyManage, s.newPage),
		web.Handle("POST /surveys", auth.PermSurveyManage, s.create),
		web.Handle("GET /surveys/{id}", auth.PermSurveyResults, s.viewPage),
		web.Handle("GET /surveys/{id}/edit", auth.PermSurveyManage, s.editPage),
		web.Handle("POST /surveys/{id}", auth.PermSurveyManage, s.update),
		web.Handle("POST /surveys/{id}/questions", auth.PermSurveyManage, s.addQuestion),
		web.Handle("POST /surveys/{id}/questions/move", auth.PermSurveyManage, s.moveQuestion),
		web.Handle("POST /surveys/{id}/invitation-required", auth.PermSurveyManage, s.setInvitationRequired),
		web.Handle("POST /surveys/{id}/invitations", auth.PermSurveyManage, s.issueInvitations),
		web.Handle("POST /surveys/{id}/invitations.csv", auth.PermSurveyManage, s.invitationsCSV),
		web.Handle("POST /surveys/{id}/publish", auth.PermSurveyManage, s.publish),
		web.Handle("POST /surveys/{id}/close", auth.PermSurveyManage, s.close),
		web.Handle("POST /surveys/{id}/tablet", auth.PermSurveyManage, s.setTablet),
		web.Handle("POST /surveys/{id}/public-summary", auth.PermSurveyManage, s.setPublicSummary),
		web.Handle("GET /surveys/{id}/results", auth.PermSurveyResults, s.resultsPage),
		web.Handle("GET /surveys/{id}/compare", auth.PermSurveyResults, s.comparePage),
		// The free texts, filtered: the coordinators' only (CanReadRaw).
		web.Handle("GET /surveys/{id}/texts", auth.PermSurveyResults, s.textsPage),
		web.Handle("GET /surveys/{id}/qr", auth.PermSurveyResults, s.qrPage),
		web.Handle("GET /surveys/{id}/qr.svg", auth.PermSurveyResults, s.qrSVG),
		web.Handle("GET /surveys/{id}/results.csv", auth.PermSurveyResults, s.resultsCSV),
		web.Handle("GET /surveys/{id}/results.xlsx", auth.PermSurveyResults, s.resultsXLSX),
		web.Handle("GET /surveys/{id}/results.geojson", auth.PermSurveyResults, s.resultsGeoJSON),
		// Answering: public while the survey is open.
		web.Handle("GET /s/{token}", auth.PermPublic, s.answerPage),
		web.Handle("POST /s/{token}", auth.PermPublic, s.answer),
		web.Handle("GET /s/{token}/thanks", auth.PermPublic, s.thanksPage),
		web.Handle("POST /s/{token}/next", auth.PermPublic, s.nextPerson),
		// The published summary of the results: public once the
		// coordinator chooses so.
		web.Handle("GET /kommun/{code}/surveys/{id}", auth.PermPublic, s.summaryPage),

		// The API.
		web.Handle("GET /api/v1/surveys", auth.PermSurveyResults, s.apiList),
		web.Handle("POST /api/v1/surveys", auth.PermSurveyManage, s.apiCreate),
		web.Handle("GET /api/v1/surveys/{id}", auth.PermSurveyResults, s.apiSurvey),
		web.Handle("PATCH /api/v1/surveys/{id}", auth.PermSurveyManage, s.apiSettings),
		web.Handle("POST /api/v1/surveys/{id}/questions", auth.PermSurveyManage, s.apiAddQuestion),
		web.Handle("POST /api/v1/surveys/{id}/invitations", auth.PermSurveyManage, s.apiIssueInvitations),
		web.Handle("POST /api/v1/surveys/{id}/publish", auth.PermSurveyManage, s.apiPublish),
		web.Handle("POST /api/v1/surveys/{id}/close", auth.PermSurveyManage, s.apiClose),
		web.Handle("POST /api/v1/surveys/{id}/answers", auth.PermPublic, s.apiAnswer),
		web.Handle("GET /api/v1/surveys/{id}/results", auth.PermSurveyResults, s.apiResults),
		web.Handle("GET /api/v1/surveys/{id}/compare", auth.PermSurveyResults, s.apiCompare),
		web.Handle("GET /api/v1/surveys/{id}/texts", auth.PermSurveyResults, s.apiTexts),
	}
}
