// Package app assembles the product: the web kernel with every area of the
// product mounted. serve runs it, and the tests of the areas start the same
// product through webtest. A new area is one package under internal/web and
// one line in Areas.
package app

import (
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/activityweb"
	"github.com/samverkan/samverkan/internal/web/adminweb"
	"github.com/samverkan/samverkan/internal/web/briefweb"
	"github.com/samverkan/samverkan/internal/web/crimestatsweb"
	"github.com/samverkan/samverkan/internal/web/premisesweb"
	"github.com/samverkan/samverkan/internal/web/promiseweb"
	"github.com/samverkan/samverkan/internal/web/reportweb"
	"github.com/samverkan/samverkan/internal/web/statisticsweb"
	"github.com/samverkan/samverkan/internal/web/surveyweb"
	"github.com/samverkan/samverkan/internal/web/walkweb"
)

// New builds the server with every area mounted.
func New(opts web.Options) (*web.Server, error) {
	s, err := web.New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.Mount(Areas(s)...); err != nil {
		return nil, err
	}
	return s, nil
}

// Areas are the areas of the product, built on the kernel s.
func Areas(s *web.Server) []web.Area {
	return []web.Area{
		statisticsweb.New(s),
		premisesweb.New(s),
		briefweb.New(s),
		promiseweb.New(s),
		adminweb.New(s),
		activityweb.New(s),
		reportweb.New(s),
		walkweb.New(s),
		surveyweb.New(s),
		crimestatsweb.New(s),
	}
}
