package brief

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/report/words"
)

// The e-mail of a brief says what the page says, in the recipient's
// language (their saved choice, Swedish by default): the week's key
// figures, what stands out, the figures of the areas they chose, the
// coordinator's analysis and the actions agreed, how many of their
// organisation's reports went into the picture, and links to the brief,
// to their subscriptions and to unsubscribing from this municipality's
// brief without signing in. Replies reach the coordinator who published
// it; the unsubscribe link is also the List-Unsubscribe of a one-click
// unsubscribe (unsubscribe.go). It is written when the brief is published
// and kept in the outbox as it was written.

var bundle = sync.OnceValues(func() (*i18n.Bundle, error) { return i18n.Load() })

//go:embed email.html
var emailHTML string

var htmlTemplate = mail.HTMLTemplate("email", emailHTML)

// emailView is what the e-mail says, in the recipient's language.
type emailView struct {
	Lang, Title, Greeting, Intro, Total, Synthetic string
	FlagsHeading                                   string
	Flags                                          []string
	AreasHeading                                   string
	Areas                                          []areaView
	CategoriesHeading                              string
	Categories                                     []string
	AnalysisHeading                                string
	Analysis                                       [][]string // paragraphs of lines
	ActionsHeading                                 string
	Actions                                        []string
	YourReports                                    string
	Link, LinkText                                 string
	Why, SubscriptionsLink, SubscriptionsText      string
	UnsubscribeLink, UnsubscribeText               string
}

type areaView struct {
	Line  string
	Flags []string
}

// composeEmail writes the e-mail of brief b of municipality name to r;
// replies go to replyTo, and unsubscribeToken is r's token for the
// municipality's brief.
func composeEmail(b Brief, name string, r Recipient, counts reportCounts, baseURL string, replyTo mail.Address,
	unsubscribeToken string) (mail.Message, error) {
	bnd, err := bundle()
	if err != nil {
		return mail.Message{}, err
	}
	lang, ok := i18n.Parse(r.Locale)
	if !ok {
		lang = i18n.Swedish
	}
	loc := bnd.For(lang)
	sit := b.Snapshot.Situation
	baseURL = strings.TrimRight(baseURL, "/")
	v := emailView{
		Lang:     string(lang),
		Title:    loc.T("brief.mail.subject", name, b.Week.Number, b.Week.Year),
		Greeting: mail.Greeting(loc, r.Name),
		Intro:    loc.T("brief.mail.intro", name, b.Week.Number, b.Week.Year, sit.From, sit.To),
		Total:    loc.TN("brief.mail.total", sit.Total, sit.Total, b.Snapshot.PreviousTotal()),

		FlagsHeading:      loc.T("situation.flags_heading"),
		AreasHeading:      loc.T("brief.mail.areas_heading"),
		CategoriesHeading: loc.T("brief.mail.categories_heading"),
		AnalysisHeading:   loc.T("brief.analysis_heading"),
		ActionsHeading:    loc.T("brief.actions_heading"),

		Link:              fmt.Sprintf("%s/briefs/%d", baseURL, b.ID),
		LinkText:          loc.T("brief.mail.read_more"),
		SubscriptionsLink: baseURL + "/account/subscriptions",
		SubscriptionsText: loc.T("brief.mail.subscriptions"),
		UnsubscribeLink:   baseURL + UnsubscribePath(unsubscribeToken),
		UnsubscribeText:   loc.T("brief.mail.unsubscribe", name),
	}
	if b.Synthetic {
		v.Synthetic = loc.T("brief.synthetic_note")
	}
	v.Flags = words.FlagSentences(loc, sit.Flags)
	if len(v.Flags) == 0 {
		v.Flags = nil
	}
	for _, area := range r.Areas {
		f, ok := b.Snapshot.Area(area)
		if !ok {
			continue
		}
		v.Areas = append(v.Areas, areaView{Line: loc.TN("brief.mail.area_line", f.Total, f.Area, f.Total, f.PreviousWeek),
			Flags: words.FlagSentences(loc, f.Flags)})
	}
	for _, c := range sit.ByCategory {
		if c.Count == 0 || len(v.Categories) == 5 {
			continue
		}
		v.Categories = append(v.Categories, loc.T("brief.mail.category_line", c.Category, c.Count, c.PreviousWeek))
	}
	v.Analysis = paragraphs(b.Analysis)
	v.Actions = ActionLines(b.Actions)

	var orgs []string
	ownOrgReports := 0
	for _, o := range r.Organizations {
		orgs = append(orgs, o.Name)
		if n := counts.byOrg[o.ID]; n > 0 {
			ownOrgReports += n
		}
	}
	if ownOrgReports > 0 {
		v.YourReports = loc.T("brief.mail.your_reports", strings.Join(orgs, ", "), ownOrgReports)
		if own := counts.byUser[r.UserID]; own > 0 {
			v.YourReports += " " + loc.TN("brief.mail.your_own", own, own)
		}
	}
	v.Why = loc.T("brief.mail.why", strings.Join(orgs, ", "), name)

	var html bytes.Buffer
	if err := htmlTemplate.Execute(&html, v); err != nil {
		return mail.Message{}, fmt.Errorf("brief e-mail: %w", err)
	}
	m := mail.Message{To: mail.Address{Name: r.Name, Email: r.Email}, ReplyTo: replyTo, Subject: v.Title, Text: v.text(),
		HTML: html.String()}
	// A mail system POSTs to the address as it stands: only an absolute
	// one is of use in the header.
	if strings.HasPrefix(v.UnsubscribeLink, "https://") || strings.HasPrefix(v.UnsubscribeLink, "http://") {
		m.Unsubscribe = v.UnsubscribeLink
	}
	return m, nil
}

// text writes the plain-text part.
func (v emailView) text() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	heading := func(s string) { line("\n" + s + "\n" + strings.Repeat("-", len([]rune(s)))) }
	line(v.Greeting)
	line("")
	line(v.Intro)
	line(v.Total)
	if v.Synthetic != "" {
		line(v.Synthetic)
	}
	if v.YourReports != "" {
		line("")
		line(v.YourReports)
	}
	if len(v.Flags) > 0 {
		heading(v.FlagsHeading)
		for _, f := range v.Flags {
			line("- " + f)
		}
	}
	if len(v.Areas) > 0 {
		heading(v.AreasHeading)
		for _, a := range v.Areas {
			line("- " + a.Line)
			for _, f := range a.Flags {
				line("  - " + f)
			}
		}
	}
	if len(v.Categories) > 0 {
		heading(v.CategoriesHeading)
		for _, c := range v.Categories {
			line("- " + c)
		}
	}
	heading(v.AnalysisHeading)
	for i, p := range v.Analysis {
		if i > 0 {
			line("")
		}
		for _, l := range p {
			line(l)
		}
	}
	if len(v.Actions) > 0 {
		heading(v.ActionsHeading)
		for _, a := range v.Actions {
			line("- " + a)
		}
	}
	line("")
	line(v.LinkText + ": " + v.Link)
	line("")
	line("-- ")
	line(v.Why)
	line(v.SubscriptionsText + ": " + v.SubscriptionsLink)
	line(v.UnsubscribeText + ": " + v.UnsubscribeLink)
	return b.String()
}

// paragraphs splits text at blank lines into paragraphs of lines.
func paragraphs(text string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Paragraphs splits a brief's text into paragraphs of lines, for pages.
func Paragraphs(text string) [][]string { return paragraphs(text) }

// ActionLines splits the actions agreed into one action a line, without
// the bullets a writer may have typed.
func ActionLines(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimLeft(l, "-*•–"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
