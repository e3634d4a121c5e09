package locate

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// writeLP writes p as a MILP in CPLEX LP format (for cross-checks with a
// general solver; never committed output).
func writeLP(p *Problem, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	in := compile(p)
	fmt.Fprintln(w, "Minimize\n obj:")
	for i := range in.ns {
		for o := 1; o < len(in.optFixed[i]); o++ {
			fmt.Fprintf(w, " + %.10g y%d_%d\n", in.optFixed[i][o], i, o)
		}
	}
	for k := range in.aSite {
		fmt.Fprintf(w, " + %.10g x%d\n", in.aCost[k], k)
	}
	for k := range in.lFrom {
		fmt.Fprintf(w, " + %.10g f%d\n", in.lCost[k], k)
	}
	fmt.Fprintln(w, "Subject To")
	for j := range in.nd {
		fmt.Fprintf(w, " d%d:", j)
		for k := in.arcStart[j]; k < in.arcStart[j+1]; k++ {
			fmt.Fprintf(w, " + x%d", k)
		}
		fmt.Fprintln(w, " = 1")
	}
	for i := range in.ns {
		fmt.Fprintf(w, " o%d:", i)
		for o := 1; o < len(in.optFixed[i]); o++ {
			fmt.Fprintf(w, " + y%d_%d", i, o)
		}
		switch p.Sites[i].Status {
		case ForceOpen:
			fmt.Fprintln(w, " = 1")
		case ForceClosed:
			fmt.Fprintln(w, " = 0")
		default:
			fmt.Fprintln(w, " <= 1")
		}
		fmt.Fprintf(w, " c%d:", i)
		for _, k := range in.siteArcs[i] {
			fmt.Fprintf(w, " + %.10g x%d", in.amt[in.aDem[k]], k)
		}
		for _, l := range in.linksIn[i] {
			fmt.Fprintf(w, " + f%d", l)
		}
		for o := 1; o < len(in.optFixed[i]); o++ {
			c := in.optCap[i][o]
			if c > in.total {
				c = in.total
			}
			fmt.Fprintf(w, " - %.10g y%d_%d", c, i, o)
		}
		fmt.Fprintln(w, " <= 0")
		for _, k := range in.siteArcs[i] {
			fmt.Fprintf(w, " l%d: x%d", k, k)
			for o := 1; o < len(in.optFixed[i]); o++ {
				fmt.Fprintf(w, " - y%d_%d", i, o)
			}
			fmt.Fprintln(w, " <= 0")
		}
		if !in.terminal[i] {
			fmt.Fprintf(w, " k%d:", i)
			for _, k := range in.siteArcs[i] {
				fmt.Fprintf(w, " + %.10g x%d", in.amt[in.aDem[k]], k)
			}
			for _, l := range in.linksIn[i] {
				fmt.Fprintf(w, " + f%d", l)
			}
			for _, l := range in.linksOut[i] {
				fmt.Fprintf(w, " - f%d", l)
			}
			fmt.Fprintln(w, " = 0")
		}
	}
	fmt.Fprintln(w, "Bounds")
	for k := range in.aSite {
		fmt.Fprintf(w, " 0 <= x%d <= 1\n", k)
	}
	fmt.Fprintln(w, "Binaries")
	for i := range in.ns {
		for o := 1; o < len(in.optFixed[i]); o++ {
			fmt.Fprintf(w, " y%d_%d\n", i, o)
		}
	}
	fmt.Fprintln(w, "End")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// TestWriteScaleLP writes the small synthetic multi-tier instance as a MILP
// to LOCATE_LP (skipped otherwise).
func TestWriteScaleLP(t *testing.T) {
	path := os.Getenv("LOCATE_LP")
	if path == "" {
		t.Skip("LOCATE_LP not set")
	}
	p := sichuanLike(rand.New(rand.NewPCG(1, 1)), 300, 30, 20, 5, 8)
	if err := writeLP(p, path); err != nil {
		t.Fatal(err)
	}
}
