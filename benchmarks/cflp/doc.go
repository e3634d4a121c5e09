// Package cflp reads the facility-location benchmark sets — OR-Library
// capacitated warehouse location (cap41…cap134, capa/capb/capc) and the
// Holmberg single-source instances (p1…p71) — and runs optimizer/locate on
// them for `huishou bench cflp|sscflp`, re-costing every answer
// independently of the solver.
//
// cflp may import optimizer/locate; nothing but cmd/ imports it.
package cflp
