package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var (
	menuGroupRE = regexp.MustCompile(`(?s)<p class="menu-group-name" id="menu-([a-z]+)">`)
	menuLinkRE  = regexp.MustCompile(`(?s)<nav class="wrap main-nav".*?</nav>`)
	hrefRE      = regexp.MustCompile(`<a href="([^"]+)"( aria-current="page")?>`)
)

// TestMenu: the main menu's groups by role, the current page, one home for
// a signed-in user, and none for a visitor.
func TestMenu(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		for _, tt := range []struct {
			email, path string
			groups      []string
			current     string
		}{
			{"admin@demo.example", "/start", []string{"report", "picture", "dialogue", "work", "admin"}, "/start"},
			{"samordnare@demo.example", "/reports/new", []string{"report", "picture", "dialogue", "work"}, "/reports/new"},
			{"samordnare@demo.example", "/situation/2023", []string{"report", "picture", "dialogue", "work"}, "/situation"},
			// A reporter reads no survey results and takes no safety walk.
			{"vakt@demo.example", "/reports", []string{"report", "picture", "work"}, "/reports"},
		} {
			res := ts.SignInAs(t, tt.email).Get(t, tt.path)
			nav := menuLinkRE.FindString(res.Body)
			if nav == "" {
				t.Errorf("%s GET %s: no menu", tt.email, tt.path)
				continue
			}
			var groups []string
			for _, m := range menuGroupRE.FindAllStringSubmatch(nav, -1) {
				groups = append(groups, m[1])
			}
			if !slices.Equal(groups, tt.groups) {
				t.Errorf("%s GET %s: groups %v, want %v", tt.email, tt.path, groups, tt.groups)
			}
			var current []string
			var hrefs []string
			for _, m := range hrefRE.FindAllStringSubmatch(nav, -1) {
				hrefs = append(hrefs, m[1])
				if m[2] != "" {
					current = append(current, m[1])
				}
			}
			if !slices.Equal(current, []string{tt.current}) {
				t.Errorf("%s GET %s: current %v, want %s", tt.email, tt.path, current, tt.current)
			}
			// The start page once, and neither the front page nor the
			// account in the menu: the name of the service and the user's
			// name lead there.
			if slices.Contains(hrefs, "/") || slices.Contains(hrefs, "/account") || !slices.Contains(hrefs, "/start") {
				t.Errorf("%s GET %s: menu links %v", tt.email, tt.path, hrefs)
			}
			if !strings.Contains(res.Body, `<a class="brand" href="/start">`) || !strings.Contains(res.Body, `<a class="account-link" href="/account"`) {
				t.Errorf("%s GET %s: the brand does not lead to /start or the name not to /account", tt.email, tt.path)
			}
		}
		res := ts.NewClient(t).Get(t, "/")
		if strings.Contains(res.Body, `class="wrap main-nav"`) || !strings.Contains(res.Body, `<a class="brand" href="/">`) {
			t.Errorf("GET / as a visitor: a menu, or the brand does not lead home")
		}
	})
}
