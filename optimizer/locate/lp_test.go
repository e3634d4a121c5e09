package locate

import (
	"bufio"
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// lpModel is a CPLEX LP file read back: objective, rows, binaries.
type lpModel struct {
	obj      map[string]float64
	rows     map[string]lpRow
	binaries map[string]bool
}

type lpRow struct {
	coef  map[string]float64
	sense string
	rhs   float64
}

// readLP parses the subset of the LP format that WriteLP writes: terms
// "+ c v", "- c v", "+ v", "- v", one row per line.
func readLP(t *testing.T, b []byte) lpModel {
	t.Helper()
	m := lpModel{obj: map[string]float64{}, rows: map[string]lpRow{}, binaries: map[string]bool{}}
	terms := func(f []string, into map[string]float64) {
		for i := 0; i < len(f); {
			sign := 1.0
			if f[i] == "-" {
				sign = -1
			} else if f[i] != "+" {
				t.Fatalf("term at %q", strings.Join(f[i:], " "))
			}
			i++
			c, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				i++
			} else {
				c = 1
			}
			into[f[i]] += sign * c
			i++
		}
	}
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch strings.TrimSpace(line) {
		case "Minimize", "Subject To", "Bounds", "Binaries", "End":
			sec = strings.TrimSpace(line)
			continue
		}
		f := strings.Fields(line)
		switch sec {
		case "Minimize":
			if f[0] == "obj:" {
				f = f[1:]
			}
			terms(f, m.obj)
		case "Subject To":
			name := strings.TrimSuffix(f[0], ":")
			n := len(f)
			rhs, err := strconv.ParseFloat(f[n-1], 64)
			if err != nil {
				t.Fatalf("row %s: rhs %q", name, f[n-1])
			}
			r := lpRow{coef: map[string]float64{}, sense: f[n-2], rhs: rhs}
			body := f[1 : n-2]
			if len(body) > 0 && body[0] != "+" && body[0] != "-" {
				body = append([]string{"+"}, body...)
			}
			terms(body, r.coef)
			m.rows[name] = r
		case "Binaries":
			m.binaries[f[0]] = true
		}
	}
	return m
}

// TestWriteLP plugs the proved optimum of small problems into the written
// model: every row holds and the objective equals the solver's cost, and
// the integer variables are the ones the sourcing asks for.
func TestWriteLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2))
	for trial := range 12 {
		single := trial%2 == 1
		p := randomProblem(rng, 2+rng.IntN(3), 3+rng.IntN(4), single, trial%4 == 0)
		var buf bytes.Buffer
		if err := WriteLP(&buf, p); err != nil {
			t.Fatal(err)
		}
		m := readLP(t, buf.Bytes())
		sol, err := Solve(context.Background(), p, Options{})
		if err != nil || !sol.Proved {
			t.Fatalf("trial %d: solve: %v (proved %v)", trial, err, sol != nil && sol.Proved)
		}
		in := compile(p)
		val := map[string]float64{}
		for i, mod := range sol.Module {
			if mod >= 0 {
				val["y"+strconv.Itoa(i)+"_1"] = 1
			}
		}
		frac := map[[2]int]float64{}
		for _, a := range sol.Assign {
			frac[[2]int{a.Demand, a.Site}] += a.Fraction
		}
		for k := range in.aSite {
			val["x"+strconv.Itoa(k)] = frac[[2]int{int(in.aDem[k]), int(in.aSite[k])}]
		}
		obj := 0.0
		for v, c := range m.obj {
			obj += c * val[v]
		}
		if math.Abs(obj-sol.Cost) > 1e-6*math.Max(1, sol.Cost) {
			t.Errorf("trial %d: LP objective at the optimum %.6f, solver cost %.6f", trial, obj, sol.Cost)
		}
		if len(m.rows) == 0 {
			t.Fatalf("trial %d: no rows", trial)
		}
		for name, r := range m.rows {
			lhs := 0.0
			for v, c := range r.coef {
				lhs += c * val[v]
			}
			tol := 1e-6 * math.Max(1, math.Abs(r.rhs))
			ok := map[string]bool{"=": math.Abs(lhs-r.rhs) <= tol, "<=": lhs <= r.rhs+tol, ">=": lhs >= r.rhs-tol}[r.sense]
			if !ok {
				t.Errorf("trial %d: row %s: %.6f %s %.6f does not hold at the optimum", trial, name, lhs, r.sense, r.rhs)
			}
		}
		wantBin := len(p.Sites)
		if single {
			wantBin += len(in.aSite)
		}
		if len(m.binaries) != wantBin {
			t.Errorf("trial %d (single %v): %d binaries, want %d", trial, single, len(m.binaries), wantBin)
		}
	}
	if err := WriteLP(&bytes.Buffer{}, &Problem{Demands: []Demand{{Amount: 1, Arcs: []Arc{{Site: 3}}}}}); err == nil {
		t.Error("WriteLP of an invalid problem: no error")
	}
}
