package main

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// An L-shaped county with one known point in its corner.
var lShape = orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}}}

func TestPlaceDeterministicAndInside(t *testing.T) {
	others := []orb.Point{{0.1, 0.1}}
	a := place(lShape, others, 5, 7, 510104, 32)
	b := place(lShape, others, 5, 7, 510104, 32)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed, different points: %v vs %v", a, b)
	}
	if len(a) != 5 {
		t.Fatalf("got %d points, want 5", len(a))
	}
	for _, p := range a {
		if !planar.MultiPolygonContains(lShape, p) {
			t.Errorf("%v outside", p)
		}
		if p[0] != round5(p[0]) || p[1] != round5(p[1]) {
			t.Errorf("%v not rounded to 1e-5", p)
		}
	}
	if c := place(lShape, others, 5, 8, 510104, 32); reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same points")
	}
}

func TestRunsSharedBorderIsOneArc(t *testing.T) {
	// Two squares sharing the edge x=1; the right one has an extra vertex
	// (1,1) on it that the left one lacks. Both counter-clockwise.
	left := []vtx{{0, 0}, {1, 0}, {1, 2}, {0, 2}}
	right := []vtx{{1, 0}, {2, 0}, {2, 2}, {1, 2}, {1, 1}}
	owners := map[vtx][]int{}
	edges := map[[2]vtx][]int{}
	for ci, r := range [][]vtx{left, right} {
		for i, v := range r {
			owners[v] = append(owners[v], ci)
			e := [2]vtx{v, r[(i+1)%len(r)]}
			edges[e] = append(edges[e], ci)
		}
	}
	users := map[string]int{}
	for ci, r := range [][]vtx{left, right} {
		for _, run := range runs(r, ci, owners, edges) {
			c, _ := canonical(run)
			users[fmt.Sprint(c)]++
		}
	}
	if got, want := users["[[1 0] [1 2]]"], 2; got != want {
		t.Errorf("uses of the shared arc (1,0)–(1,2): got %d, want %d (arcs %v)", got, want, users)
	}
}
