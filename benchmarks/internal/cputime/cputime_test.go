package cputime

import "testing"

func TestProcessGrows(t *testing.T) {
	a := Process()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if b := Process(); b < a {
		t.Fatalf("CPU time went back from %v to %v (%d)", a, b, x)
	}
}
