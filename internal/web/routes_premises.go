package web

import "github.com/samverkan/samverkan/internal/auth"

// premisesRoutes are the register of licensed premises, inspections and
// coverage (issue 5). Package premises decides which municipality's
// register a user reads (CanRead), keeps (CanWrite) and whose inspections
// they record or change (CanWriteInspection); the handlers ask it again
// for every record.
func (s *Server) premisesRoutes() []Route {
	return []Route{
		// The register. "/premises/coverage" and the other literal paths
		// are more specific than "/premises/{id}", so ServeMux routes them
		// first.
		{"GET /premises", auth.PermPremisesRead, s.premisesPage},
		{"GET /premises/new", auth.PermPremisesWrite, s.newPremisesPage},
		{"POST /premises", auth.PermPremisesWrite, s.createPremises},
		{"GET /premises/import", auth.PermPremisesWrite, s.importPremisesPage},
		{"POST /premises/import", auth.PermPremisesWrite, s.importPremises},
		{"GET /premises/{id}", auth.PermPremisesRead, s.premisesViewPage},
		{"GET /premises/{id}/edit", auth.PermPremisesWrite, s.editPremisesPage},
		{"POST /premises/{id}", auth.PermPremisesWrite, s.updatePremises},
		// Supervision: the season's coverage, the planning list, the year's
		// summary and the municipality's checklists.
		{"GET /premises/coverage", auth.PermPremisesRead, s.coveragePage},
		{"GET /premises/planning", auth.PermPremisesRead, s.planningPage},
		{"GET /premises/summary", auth.PermPremisesRead, s.summaryPage},
		{"GET /premises/summary.xlsx", auth.PermPremisesRead, s.summaryXLSX},
		{"GET /premises/checklists", auth.PermPremisesWrite, s.checklistsPage},
		{"POST /premises/checklists", auth.PermPremisesWrite, s.saveChecklist},
		// Inspections with their protocols.
		{"GET /inspections/new", auth.PermInspectionWrite, s.newInspectionPage},
		{"POST /inspections", auth.PermInspectionWrite, s.createInspection},
		{"GET /inspections/{id}", auth.PermPremisesRead, s.inspectionPage},
		{"GET /inspections/{id}/protocol.pdf", auth.PermPremisesRead, s.inspectionProtocolPDF},
		{"GET /inspections/{id}/edit", auth.PermInspectionWrite, s.editInspectionPage},
		{"POST /inspections/{id}", auth.PermInspectionWrite, s.updateInspection},
		{"POST /inspections/{id}/delete", auth.PermInspectionWrite, s.deleteInspection},

		// The API.
		{"POST /api/v1/premises", auth.PermPremisesWrite, s.apiCreatePremises},
		{"GET /api/v1/premises", auth.PermPremisesRead, s.apiPremisesList},
		{"POST /api/v1/premises/import", auth.PermPremisesWrite, s.apiImportPremises},
		{"GET /api/v1/premises/coverage", auth.PermPremisesRead, s.apiCoverage},
		{"GET /api/v1/premises/planning", auth.PermPremisesRead, s.apiPlanning},
		{"GET /api/v1/premises/summary", auth.PermPremisesRead, s.apiSummary},
		{"GET /api/v1/premises/{id}", auth.PermPremisesRead, s.apiPremises},
		{"PATCH /api/v1/premises/{id}", auth.PermPremisesWrite, s.apiUpdatePremises},
		{"GET /api/v1/premises/{id}/history", auth.PermPremisesRead, s.apiPremisesHistory},
		{"GET /api/v1/municipalities/{code}/checklists", auth.PermPremisesRead, s.apiChecklists},
		{"PUT /api/v1/municipalities/{code}/checklists/{kind}", auth.PermPremisesWrite, s.apiSetChecklist},
		{"POST /api/v1/inspections", auth.PermInspectionWrite, s.apiCreateInspection},
		{"GET /api/v1/inspections", auth.PermPremisesRead, s.apiInspections},
		{"GET /api/v1/inspections/{id}", auth.PermPremisesRead, s.apiInspection},
		{"PATCH /api/v1/inspections/{id}", auth.PermInspectionWrite, s.apiUpdateInspection},
		{"DELETE /api/v1/inspections/{id}", auth.PermInspectionWrite, s.apiDeleteInspection},
	}
}
