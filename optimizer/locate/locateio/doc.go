// Package locateio is the JSON wire format of optimizer/locate: the generic
// multi-echelon model in (Input, read with Read) and the answer out (Answer,
// made by NewAnswer and written with Write). `huishou locate --format json`
// and any server share it.
//
// Indices are 0-based, in input order. locateio imports optimizer/locate and
// the standard library only.
package locateio
