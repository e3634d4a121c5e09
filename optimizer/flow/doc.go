// Package flow solves minimum-cost flow and transportation problems exactly.
//
// flow imports no other package of this module.
package flow
