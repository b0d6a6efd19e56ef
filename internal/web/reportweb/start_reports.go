package reportweb

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

// startReportsView is what the start page links to of reports and the
// weekly picture, by permission, and the municipalities whose report
// settings the user manages; for a reporter, whether this week's checklist
// is sent.
type startReportsView struct {
	CanReport, CanReadReports, CanSeeSituation bool
	Manage                                     []municipality.Municipality
	Week                                       report.Week
	Weekly                                     []startWeekly
}

// startWeekly is one of the reporter's organisations in one municipality:
// this week's checklist, sent or not.
type startWeekly struct {
	Organization, Municipality, Href string
	Sent                             *report.Checklist
}

// startReminder is a reminder of a week the organisation has not sent.
type startReminder struct {
	report.Reminder
	Municipality, Href string
}

func (s *Server) startReportsSection(r *http.Request) (template.HTML, error) {
	p := web.Principal(r)
	v := startReportsView{CanReport: p.Can(auth.PermReportCreate), CanReadReports: p.Can(auth.PermReportRead), CanSeeSituation: p.Can(auth.PermSituationRead)}
	var err error
	if v.Manage, err = s.reportSettingsMunicipalities(r); err != nil {
		return "", err
	}
	if !v.CanReport && !v.CanReadReports && !v.CanSeeSituation && len(v.Manage) == 0 {
		return "", nil
	}
	if v.CanReport {
		if err := s.startWeekly(r, &v); err != nil {
			return "", err
		}
	}
	return s.RenderPartial("start_reports", map[string]any{"Page": web.PageBase(r), "Reports": v})
}

// startWeekly fills in this week's checklists of the reporter's
// organisations.
func (s *Server) startWeekly(r *http.Request, v *startReportsView) error {
	p := web.Principal(r)
	v.Week = report.WeekOf(web.Now(r))
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	var reporting []int64
	for _, m := range p.Memberships {
		if m.Role == auth.RoleReporter {
			reporting = append(reporting, m.OrganizationID)
		}
	}
	sent, err := s.reports.SentChecklists(r.Context(), reporting, v.Week)
	if err != nil {
		return err
	}
	for _, m := range p.Memberships {
		if m.Role != auth.RoleReporter {
			continue
		}
		for _, code := range m.MunicipalityCodes {
			row := startWeekly{Organization: m.OrganizationName, Municipality: names[code],
				Href: checklistURL(code, m.OrganizationID, v.Week)}
			if i := slices.IndexFunc(sent, func(c report.Checklist) bool {
				return c.OrganizationID == m.OrganizationID && c.MunicipalityCode == code
			}); i >= 0 {
				row.Sent = &sent[i]
			}
			v.Weekly = append(v.Weekly, row)
		}
	}
	return nil
}

// startReminders is the notice at the top of the start page: the
// coordinators' reminders of weeks the user's organisations have not sent.
func (s *Server) startReminders(r *http.Request) (template.HTML, error) {
	p := web.Principal(r)
	if !p.Can(auth.PermReportCreate) {
		return "", nil
	}
	var orgs []int64
	for _, m := range p.Memberships {
		orgs = append(orgs, m.OrganizationID)
	}
	reminders, err := s.reports.PendingReminders(r.Context(), orgs)
	if err != nil || len(reminders) == 0 {
		return "", err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return "", err
	}
	var out []startReminder
	for _, rm := range reminders {
		out = append(out, startReminder{Reminder: rm, Municipality: names[rm.MunicipalityCode],
			Href: checklistURL(rm.MunicipalityCode, rm.OrganizationID, rm.Week)})
	}
	return s.RenderPartial("start_weekly_reminders", map[string]any{"Page": web.PageBase(r), "Reminders": out})
}
