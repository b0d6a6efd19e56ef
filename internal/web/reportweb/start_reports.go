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
// is sent, and the coordinators' reminders of weeks not sent.
type startReportsView struct {
	CanReport, CanReadReports, CanSeeSituation bool
	Manage                                     []municipality.Municipality
	Week                                       report.Week
	Weekly                                     []startWeekly
	Reminders                                  []startReminder
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
// organisations and the reminders waiting for any of the user's.
func (s *Server) startWeekly(r *http.Request, v *startReportsView) error {
	p := web.Principal(r)
	v.Week = report.WeekOf(web.Now(r))
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	var all, reporting []int64
	for _, m := range p.Memberships {
		all = append(all, m.OrganizationID)
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
	reminders, err := s.reports.PendingReminders(r.Context(), all)
	if err != nil {
		return err
	}
	for _, rm := range reminders {
		v.Reminders = append(v.Reminders, startReminder{Reminder: rm, Municipality: names[rm.MunicipalityCode],
			Href: checklistURL(rm.MunicipalityCode, rm.OrganizationID, rm.Week)})
	}
	return nil
}
