// Package premises owns the register of licensed serving premises
// (serveringsställen) of each municipality and their supervision
// (krogtillsyn): the premises with their licence holder and history, the
// import of a register from CSV, the inspections with their protocols, the
// checklists a municipality writes its protocols from, and what follows
// from them: which premises have had a recorded visit in a season
// (coverage), which to visit next (planning) and the year's summary.
//
// Who reaches which municipality's register is decided here too (access.go):
// alcohol-licence data is partly confidential, so only the municipality and
// the police of a municipality read it.
package premises
