package locate

import (
	"bufio"
	"fmt"
	"io"
)

// WriteLP writes p as a mixed-integer program in CPLEX LP format, for
// cross-checks with a general MILP solver (`huishou locate --lp`). The
// model is the strong formulation Solve works on:
//
//   - x<k> ∈ [0,1] is the share of demand point aDem[k] served over arc k
//     (binary with SingleSource), y<i>_<o> ∈ {0,1} opens site i at size o,
//     f<l> ≥ 0 is the flow on link l;
//   - d<j>: every demand point is served once; o<i>: a site opens at one
//     size at most (= 1 / = 0 for forced sites); c<i>: its inflow fits its
//     capacity; l<k>: x ≤ Σ y (the strong linking rows); k<i>: inflow =
//     outflow at non-terminal sites.
//
// Costs and capacities are printed with 10 significant digits. WriteLP
// returns p.Validate's error for a bad problem.
func WriteLP(out io.Writer, p *Problem) error {
	if err := p.Validate(); err != nil {
		return err
	}
	w := bufio.NewWriter(out)
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
	if p.SingleSource {
		for k := range in.aSite {
			fmt.Fprintf(w, " x%d\n", k)
		}
	}
	fmt.Fprintln(w, "End")
	return w.Flush()
}
