package scenarios

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Comparison sets scenario results side by side against a baseline.
type Comparison struct {
	// Baseline is the name of the scenario deltas are taken against.
	Baseline string `json:"baseline"`
	// KPIs lists every figure that some scenario has, in KPIs() order.
	KPIs []KPIInfo `json:"kpis"`
	// Scenarios in the order given.
	Scenarios []Compared `json:"scenarios"`
	// AlwaysOpen are the sites open in every scenario (of one region);
	// empty when the scenarios plan different regions.
	AlwaysOpen []string `json:"always_open"`
	// Pareto names the scenarios on the front of annual cost (lower is
	// better) against coverage (higher is better), by increasing cost.
	Pareto []string `json:"pareto"`
}

// KPIInfo describes one figure of a comparison.
type KPIInfo struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Unit   string `json:"unit"`
	Better int    `json:"better"` // +1 more is better, −1 less is, 0 neither
	digits int
}

// Compared is one scenario of a comparison.
type Compared struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// Values and Deltas (against the baseline) by KPI name, rounded as
	// written; a KPI the scenario or the baseline lacks has no delta.
	Values map[string]float64 `json:"values"`
	Deltas map[string]float64 `json:"deltas"`
	// Opened and Closed are the sites open here and not in the baseline,
	// and the reverse.
	Opened []string `json:"opened"`
	Closed []string `json:"closed"`
	result *Result
}

// Result returns the run behind c.
func (c *Compared) Result() *Result { return c.result }

// Compare sets results side by side; baseline names one of them (empty:
// the first). Names must be distinct.
func Compare(results []*Result, baseline string) (*Comparison, error) {
	if len(results) == 0 {
		return nil, fmt.Errorf("scenarios: compare: no results")
	}
	if baseline == "" {
		baseline = results[0].Scenario.Name
	}
	c := &Comparison{Baseline: baseline}
	seen := map[string]bool{}
	var base *Result
	for _, r := range results {
		if seen[r.Scenario.Name] {
			return nil, fmt.Errorf("scenarios: compare: %s given twice", r.Scenario.Name)
		}
		seen[r.Scenario.Name] = true
		if r.Scenario.Name == baseline {
			base = r
		}
	}
	if base == nil {
		return nil, fmt.Errorf("scenarios: compare: baseline %q is not among the scenarios compared", baseline)
	}
	index := map[string]int{}
	for _, r := range results {
		for _, k := range r.KPIs() {
			if _, ok := index[k.Name]; !ok {
				index[k.Name] = len(c.KPIs)
				c.KPIs = append(c.KPIs, KPIInfo{Name: k.Name, Label: k.Label, Unit: k.Unit, Better: k.Better, digits: k.Digits})
			}
		}
	}
	values := func(r *Result) map[string]float64 {
		m := map[string]float64{}
		for _, k := range r.KPIs() {
			m[k.Name] = round(k.Value, k.Digits)
		}
		return m
	}
	bv := values(base)
	bopen := openIDs(base)
	sameRegion := true
	for _, r := range results {
		sameRegion = sameRegion && r.Region.Name == base.Region.Name && r.Prefecture == base.Prefecture
	}
	for _, r := range results {
		v := values(r)
		d := map[string]float64{}
		for name, x := range v {
			if b, ok := bv[name]; ok {
				d[name] = round(x-b, c.KPIs[index[name]].digits)
			}
		}
		cs := Compared{Name: r.Scenario.Name, Title: r.Scenario.Title, Values: v, Deltas: d, Opened: []string{}, Closed: []string{}, result: r}
		if sameRegion {
			open := openIDs(r)
			for id := range open {
				if !bopen[id] {
					cs.Opened = append(cs.Opened, id)
				}
			}
			for id := range bopen {
				if !open[id] {
					cs.Closed = append(cs.Closed, id)
				}
			}
			slices.Sort(cs.Opened)
			slices.Sort(cs.Closed)
		}
		c.Scenarios = append(c.Scenarios, cs)
	}
	c.AlwaysOpen = []string{}
	if sameRegion {
		c.AlwaysOpen, _ = SharedSites(results)
		if c.AlwaysOpen == nil {
			c.AlwaysOpen = []string{}
		}
	}
	c.Pareto = pareto(c.Scenarios)
	return c, nil
}

func openIDs(r *Result) map[string]bool {
	m := map[string]bool{}
	for _, o := range r.Plan.Open {
		m[r.Network.Sites[o.Site].ID] = true
	}
	return m
}

// pareto returns the scenarios no other beats on both annual cost (lower)
// and coverage (higher), by increasing cost then name.
func pareto(cs []Compared) []string {
	var out []Compared
	for _, a := range cs {
		dominated := false
		for _, b := range cs {
			ca, cb := a.Values["annual_cost"], b.Values["annual_cost"]
			va, vb := a.Values["coverage_pct"], b.Values["coverage_pct"]
			if cb <= ca && vb >= va && (cb < ca || vb > va) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b Compared) int {
		if x, y := a.Values["annual_cost"], b.Values["annual_cost"]; x != y {
			if x < y {
				return -1
			}
			return 1
		}
		return 0
	})
	names := make([]string, len(out))
	for i, c := range out {
		names[i] = c.Name
	}
	return names
}

// CSVHeader is the header of WriteCSV.
var CSVHeader = []string{"scenario", "kpi", "value", "delta_vs_baseline"}

// WriteCSV writes one row per scenario and KPI: scenario, kpi, value,
// delta_vs_baseline (empty where the baseline lacks the KPI).
func (c *Comparison) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, s := range c.Scenarios {
		for _, k := range c.KPIs {
			v, ok := s.Values[k.Name]
			if !ok {
				continue
			}
			delta := ""
			if d, ok := s.Deltas[k.Name]; ok {
				delta = strconv.FormatFloat(d, 'f', k.digits, 64)
			}
			if err := cw.Write([]string{s.Name, k.Name, strconv.FormatFloat(v, 'f', k.digits, 64), delta}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the comparison as indented JSON (compare.json).
func (c *Comparison) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", " ")
	return e.Encode(c)
}
