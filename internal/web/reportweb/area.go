// Package reportweb is the reports area of the product: the report form
// and the weekly checklist (with their offline queue and service worker),
// who has sent the week's checklist and the reminder to those who have
// not, the list, view and exports of reports, the weekly situational
// picture (gemensam lägesbild), a municipality's report settings
// (checklist, places, areas and whether it publishes statistics), their
// JSON API and the reports' section of the start page. Package report
// decides who reads, reports and sees what.
package reportweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	db             *db.DB
	clock          clock.Clock
	municipalities *municipality.Store
	orgs           *org.Store
	reports        *report.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, db: k.DB(), clock: k.Clock(), municipalities: k.Municipalities(),
		orgs: k.Orgs(), reports: report.NewStore(k.DB())}
	return web.Area{Name: "reports", Routes: s.reportRoutes(), Files: files, StartOrder: 40, Start: s.startReportsSection,
		StartNotice: s.startReminders, Limits: report.Limits,
		Nav: []web.NavEntry{
			{Href: "/reports/new", Label: "nav.report", Perm: auth.PermReportCreate, Order: 10, Group: web.NavGroupReport},
			{Href: "/reports/week", Label: "nav.report_week", Perm: auth.PermReportCreate, Order: 10, Group: web.NavGroupReport},
			{Href: "/reports", Label: "nav.reports", Perm: auth.PermReportRead, Order: 11, Group: web.NavGroupPicture},
			{Href: "/situation", Label: "nav.situation", Perm: auth.PermSituationRead, Order: 12, Group: web.NavGroupPicture},
		}}
}

// Base is the kernel's Base with the words of the report pages.
type Base struct{ web.Base }

// Source is the words for a report's source.
func (b *Base) Source(r report.Report) string { return b.T("report.source." + r.Source) }

// When says when a report happened: its time, or for a line of a weekly
// checklist, known only by its week, the week.
func (b *Base) When(r report.Report) string { return reportWhen(&b.Base, r) }

func reportWhen(b *web.Base, r report.Report) string {
	if r.Period == report.PeriodWeek {
		return b.T("weekly.report_when", b.WeekName(r.Week))
	}
	return b.DateTime(r.OccurredAt)
}

// VisibilityName is the words for whom a report is shared with.
func (b *Base) VisibilityName(v string) string { return b.T("report.visibility." + v) }
