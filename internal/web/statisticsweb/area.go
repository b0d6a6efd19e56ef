// Package statisticsweb is the public statistics area of the product: the
// page, the CSV and the contract's JSON of the weekly counts a municipality
// chooses to publish (package statistics decides what may be shown).
package statisticsweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	db             *db.DB
	municipalities *municipality.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, db: k.DB(), municipalities: k.Municipalities()}
	return web.Area{Name: "statistics", Routes: s.statisticsRoutes(), Files: files}
}
