package flow

import (
	"context"
	"errors"
	"math"
	"testing"
)

// byteSource reads small numbers from fuzz input, 0 when exhausted.
type byteSource struct{ b []byte }

func (r *byteSource) next() int {
	if len(r.b) == 0 {
		return 0
	}
	v := int(r.b[0])
	r.b = r.b[1:]
	return v
}

// FuzzTransport compares the network simplex with successive shortest
// paths on small problems decoded from the input, and checks the
// optimality certificate. It must never panic.
func FuzzTransport(f *testing.F) {
	f.Add([]byte{2, 3, 10, 10, 4, 5, 6, 0, 0, 7, 1, 2, 9, 0, 1, 1, 1, 0, 3})
	f.Add([]byte{1, 1, 0, 0})
	f.Add([]byte{3, 2, 1, 2, 3, 8, 8, 0, 0, 255, 1, 1, 128, 2, 0, 3, 2, 1, 64})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteSource{data}
		m, n := 1+r.next()%6, 1+r.next()%6
		supply := make([]float64, m)
		demand := make([]float64, n)
		for i := range supply {
			supply[i] = float64(r.next() % 30)
		}
		for j := range demand {
			demand[j] = float64(r.next() % 20)
		}
		var arcs []Arc
		for len(r.b) >= 3 && len(arcs) < 40 {
			i, j, c := r.next()%m, r.next()%n, r.next()
			cost := float64(c) / 8
			if c == 255 {
				cost = math.Inf(1)
			}
			arcs = append(arcs, Arc{i, j, cost})
		}
		want, _, ok := sspTransport(supply, demand, arcs)
		res, err := Transport(context.Background(), supply, demand, arcs)
		if !ok {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("got %v, want ErrInfeasible", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.Cost-want) > 1e-6*(1+want) {
			t.Fatalf("got cost %g, SSP %g", res.Cost, want)
		}
		checkTransport(t, supply, demand, arcs, res)
	})
}

// FuzzNetwork solves small general networks (lower and upper bounds,
// negative costs) decoded from the input; a solution must carry a valid
// optimality certificate, and nothing may panic.
func FuzzNetwork(f *testing.F) {
	f.Add([]byte{4, 10, 0, 246, 0, 1, 0, 5, 9, 1, 2, 1, 0, 3, 2, 3, 0, 20, 1})
	f.Add([]byte{2, 0, 0, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteSource{data}
		n := 1 + r.next()%7
		supply := make([]float64, n)
		for u := range supply {
			supply[u] = float64(int8(r.next())) / 4
		}
		var arcs []netArc
		for len(r.b) >= 5 && len(arcs) < 30 {
			u, v := r.next()%n, r.next()%n
			lo := float64(r.next() % 4)
			up := math.Inf(1)
			if c := r.next(); c < 200 {
				up = lo + float64(c%16)
			}
			cost := float64(int8(r.next())) / 8
			arcs = append(arcs, netArc{u, v, lo, up, cost})
		}
		g := buildNetwork(n, supply, arcs)
		err := g.Solve(context.Background())
		if errors.Is(err, ErrInfeasible) || errors.Is(err, ErrUnbounded) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkNetwork(t, g, supply, arcs)
	})
}

// FuzzResolve warm-starts a sequence of supply and demand changes decoded
// from the input and compares every answer with a cold solve.
func FuzzResolve(f *testing.F) {
	f.Add([]byte{3, 4, 10, 10, 10, 3, 4, 5, 6, 0, 0, 9, 1, 1, 3, 2, 2, 7, 0, 3, 1, 1, 0, 0, 2, 5, 1, 9})
	f.Add([]byte{2, 2, 5, 5, 5, 5, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteSource{data}
		m, n := 1+r.next()%5, 1+r.next()%6
		supply := make([]float64, m)
		demand := make([]float64, n)
		for i := range supply {
			supply[i] = float64(r.next() % 30)
		}
		for j := range demand {
			demand[j] = float64(r.next() % 12)
		}
		var arcs []Arc
		for k := 0; k < 2*m*n && len(r.b) >= 2; k++ {
			arcs = append(arcs, Arc{r.next() % m, k % n, float64(r.next()) / 4})
		}
		var ts TransportSolver
		ctx := context.Background()
		if _, err := ts.Solve(ctx, supply, demand, arcs); err != nil && !errors.Is(err, ErrInfeasible) {
			t.Fatal(err)
		}
		for len(r.b) >= 2 {
			if k := r.next(); k%2 == 0 {
				supply[k/2%m] = float64(r.next() % 30)
			} else {
				demand[k/2%n] = float64(r.next() % 12)
			}
			want, werr := Transport(ctx, supply, demand, arcs)
			got, gerr := ts.Resolve(ctx, supply, demand)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("cold %v, warm %v", werr, gerr)
			}
			if werr != nil {
				continue
			}
			if math.Abs(got.Cost-want.Cost) > 1e-9*(1+math.Abs(want.Cost)) {
				t.Fatalf("warm cost %g, cold %g", got.Cost, want.Cost)
			}
			checkTransport(t, supply, demand, arcs, got)
		}
	})
}
