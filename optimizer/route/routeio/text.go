package routeio

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/huishou/huishou/optimizer/route"
)

// TextOptions configure WriteText. The zero value works.
type TextOptions struct {
	// Label names the job served at a step of kind StepClient, StepPickup
	// or StepDelivery with the given index. Nil means index+1 for clients
	// and "p"/"d" followed by index+1 for the two ends of a shipment.
	Label func(kind route.StepKind, index int) string
	// Scale divides the cost before printing; 0 means 1.
	Scale float64
	// Decimals is the number of digits printed after the decimal point of
	// the cost; 0 prints an integer.
	Decimals int
}

// WriteText writes sol in the CVRPLIB solution style: one line
// "Route #k: a b c" per non-empty route, listing its jobs in visiting
// order (breaks left out), then "Cost N", N being the sum of the route
// costs (penalties of unassigned jobs excluded) divided by opt.Scale.
func WriteText(w io.Writer, sol *route.Solution, opt TextOptions) error {
	label := opt.Label
	if label == nil {
		label = func(kind route.StepKind, i int) string {
			switch kind {
			case route.StepPickup:
				return "p" + strconv.Itoa(i+1)
			case route.StepDelivery:
				return "d" + strconv.Itoa(i+1)
			}
			return strconv.Itoa(i + 1)
		}
	}
	bw := bufio.NewWriter(w)
	k := 0
	var cost int64
	plain := true // plain CVRP routes carry no steps nor per-route costs
	for _, rt := range sol.Routes {
		cost += rt.Cost
		plain = plain && rt.Steps == nil
		var jobs []string
		if rt.Steps == nil {
			for _, c := range rt.Clients {
				jobs = append(jobs, label(route.StepClient, c))
			}
		}
		for _, st := range rt.Steps {
			switch st.Kind {
			case route.StepClient, route.StepPickup, route.StepDelivery:
				jobs = append(jobs, label(st.Kind, st.Index))
			}
		}
		if len(jobs) == 0 {
			continue
		}
		k++
		fmt.Fprintf(bw, "Route #%d:", k)
		for _, j := range jobs {
			bw.WriteString(" " + j)
		}
		bw.WriteByte('\n')
	}
	if plain {
		cost = sol.Cost
	}
	scale := opt.Scale
	if scale == 0 {
		scale = 1
	}
	if opt.Decimals > 0 || scale != 1 {
		fmt.Fprintf(bw, "Cost %.*f\n", opt.Decimals, float64(cost)/scale)
	} else {
		fmt.Fprintf(bw, "Cost %d\n", cost)
	}
	return bw.Flush()
}
