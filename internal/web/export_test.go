package web

import (
	"strings"
)

// What the external tests of this package (package web_test) read of its
// insides.
var (
	TemplateFS  = templateFS
	StaticFS    = staticFS
	JoinStyles  = joinStyles
	LangCookie  = langCookie
	LoginFields = loginFields
)

// ForgetStatic drops the static files under prefix, as a binary built
// without them would not have them.
func (s *Server) ForgetStatic(prefix string) {
	sf := s.static
	for name, h := range sf.hashed {
		if strings.HasPrefix(name, prefix) {
			delete(sf.hashed, name)
			delete(sf.byHashed, h)
		}
	}
}
