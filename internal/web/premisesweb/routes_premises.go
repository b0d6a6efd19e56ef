package premisesweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// premisesRoutes are the register of licensed premises, inspections and
// coverage (issue 5). Package premises decides which municipality's
// register a user reads (CanRead), keeps (CanWrite) and whose inspections
// they record or change (CanWriteInspection); the handlers ask it again
// for every record.
func (s *Server) premisesRoutes() []web.Route {
	return []web.Route{
		// The register. "/premises/coverage" and the other literal paths
		// are more specific than "/premises/{id}", so ServeMux routes them
		// first.
		web.Handle("GET /premises", auth.PermPremisesRead, s.premisesPage),
		web.Handle("GET /premises/new", auth.PermPremisesWrite, s.newPremisesPage),
		web.Handle("POST /premises", auth.PermPremisesWrite, s.createPremises),
		web.Handle("GET /premises/import", auth.PermPremisesWrite, s.importPremisesPage),
		web.Handle("POST /premises/import", auth.PermPremisesWrite, s.importPremises),
		web.Handle("GET /premises/{id}", auth.PermPremisesRead, s.premisesViewPage),
		web.Handle("GET /premises/{id}/edit", auth.PermPremisesWrite, s.editPremisesPage),
		web.Handle("POST /premises/{id}", auth.PermPremisesWrite, s.updatePremises),
		// Supervision: the season's coverage, the planning list, the year's
		// summary and the municipality's checklists.
		web.Handle("GET /premises/coverage", auth.PermPremisesRead, s.coveragePage),
		web.Handle("GET /premises/planning", auth.PermPremisesRead, s.planningPage),
		web.Handle("GET /premises/summary", auth.PermPremisesRead, s.summaryPage),
		web.Handle("GET /premises/summary.xlsx", auth.PermPremisesRead, s.summaryXLSX),
		web.Handle("GET /premises/checklists", auth.PermPremisesWrite, s.checklistsPage),
		web.Handle("POST /premises/checklists", auth.PermPremisesWrite, s.saveChecklist),
		// Inspections with their protocols.
		web.Handle("GET /inspections/new", auth.PermInspectionWrite, s.newInspectionPage),
		web.Handle("POST /inspections", auth.PermInspectionWrite, s.createInspection),
		web.Handle("GET /inspections/{id}", auth.PermPremisesRead, s.inspectionPage),
		web.Handle("GET /inspections/{id}/protocol.pdf", auth.PermPremisesRead, s.inspectionProtocolPDF),
		web.Handle("GET /inspections/{id}/edit", auth.PermInspectionWrite, s.editInspectionPage),
		web.Handle("POST /inspections/{id}", auth.PermInspectionWrite, s.updateInspection),
		web.Handle("POST /inspections/{id}/delete", auth.PermInspectionWrite, s.deleteInspection),

		// The API.
		web.Handle("POST /api/v1/premises", auth.PermPremisesWrite, s.apiCreatePremises),
		web.Handle("GET /api/v1/premises", auth.PermPremisesRead, s.apiPremisesList),
		web.Handle("POST /api/v1/premises/import", auth.PermPremisesWrite, s.apiImportPremises),
		web.Handle("GET /api/v1/premises/coverage", auth.PermPremisesRead, s.apiCoverage),
		web.Handle("GET /api/v1/premises/planning", auth.PermPremisesRead, s.apiPlanning),
		web.Handle("GET /api/v1/premises/summary", auth.PermPremisesRead, s.apiSummary),
		web.Handle("GET /api/v1/premises/{id}", auth.PermPremisesRead, s.apiPremises),
		web.Handle("PATCH /api/v1/premises/{id}", auth.PermPremisesWrite, s.apiUpdatePremises),
		web.Handle("GET /api/v1/premises/{id}/history", auth.PermPremisesRead, s.apiPremisesHistory),
		web.Handle("GET /api/v1/municipalities/{code}/checklists", auth.PermPremisesRead, s.apiChecklists),
		web.Handle("PUT /api/v1/municipalities/{code}/checklists/{kind}", auth.PermPremisesWrite, s.apiSetChecklist),
		web.Handle("POST /api/v1/inspections", auth.PermInspectionWrite, s.apiCreateInspection),
		web.Handle("GET /api/v1/inspections", auth.PermPremisesRead, s.apiInspections),
		web.Handle("GET /api/v1/inspections/{id}", auth.PermPremisesRead, s.apiInspection),
		web.Handle("PATCH /api/v1/inspections/{id}", auth.PermInspectionWrite, s.apiUpdateInspection),
		web.Handle("DELETE /api/v1/inspections/{id}", auth.PermInspectionWrite, s.apiDeleteInspection),
	}
}
