package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"
)

// RunAll runs the scenarios, at most workers at once (0 means 1), sharing
// the stages they have in common through opt.Cache (a new cache when nil).
// Results come in the order of scs. The first error stops the others.
func RunAll(ctx context.Context, scs []*Scenario, workers int, opt Options) ([]*Result, error) {
	if opt.Cache == nil {
		opt.Cache = NewCache()
	}
	out := make([]*Result, len(scs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, workers))
	for i, sc := range scs {
		g.Go(func() error {
			o := opt
			o.OnSearch = nil // the runs' states would interleave
			if opt.Progress != nil {
				o.Progress = func(stage string, done, total int) { opt.Progress(sc.Name+": "+stage, done, total) }
			}
			r, err := Run(ctx, sc, o)
			if err != nil {
				return fmt.Errorf("%s: %w", sc.Name, err)
			}
			out[i] = r
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// MaxSweepPoints bounds the points of a sweep.
const MaxSweepPoints = 200

// Sweep returns the points of a sweep of sc: one scenario per value from,
// from+step, …, up to to (inclusive), with the field at path (such as
// levers.fuel_price or levers.subsidy.refrigerator) set to the value. The
// points are named NAME-sweep-01, NAME-sweep-02, … and titled with the
// value, and are validated like any scenario (an error names the field).
func Sweep(sc *Scenario, path string, from, to, step float64) ([]*Scenario, error) {
	switch {
	case math.IsNaN(from) || math.IsInf(from, 0) || math.IsNaN(to) || math.IsInf(to, 0):
		return nil, Errors{{Field: "from", Msg: "from and to must be finite"}}
	case !(step > 0) || math.IsInf(step, 0):
		return nil, Errors{{Field: "step", Msg: fmt.Sprintf("%v: want a positive step", step)}}
	case to < from:
		return nil, Errors{{Field: "to", Msg: fmt.Sprintf("%v is below from %v", to, from)}}
	}
	n := int(math.Floor((to-from)/step+1e-9)) + 1
	if n > MaxSweepPoints {
		return nil, Errors{{Field: "step", Msg: fmt.Sprintf("%d points, at most %d", n, MaxSweepPoints)}}
	}
	width := len(strconv.Itoa(n))
	out := make([]*Scenario, 0, n)
	for i := range n {
		v := math.Round((from+float64(i)*step)*1e9) / 1e9
		name := fmt.Sprintf("%s-sweep-%0*d", sc.Name, max(2, width), i+1)
		if len(name) > 63 {
			name = fmt.Sprintf("sweep-%0*d", max(2, width), i+1)
		}
		p, err := sc.with(map[string]any{"name": name, "title": fmt.Sprintf("%s = %s", path, strconv.FormatFloat(v, 'f', -1, 64))}, path, v)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// with returns sc with top-level fields set and the field at path set to
// v, validated again.
func (sc *Scenario) with(top map[string]any, path string, v any) (*Scenario, error) {
	if path == "" || path == "name" || path == "base" || strings.HasPrefix(path, "data.") {
		return nil, Errors{{Field: path, Msg: "cannot be swept (sweep a lever, the year, or a solver setting)"}}
	}
	over := map[string]any{}
	for k, x := range top {
		over[k] = x
	}
	keys := strings.Split(path, ".")
	cur := over
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	cur[keys[len(keys)-1]] = v
	data, err := json.Marshal(merge(sc.tree, over))
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	out, err := parse(data, sc.Name+" with "+path, sc.files)
	if err != nil {
		return nil, err
	}
	out.chain = sc.chain
	return out, nil
}

// Override returns sc with the mapping doc (YAML or JSON, such as
// {"levers": {"fuel_price": 9}}) laid over it as a child file would be —
// maps merge, lists and scalars replace, null removes — validated again.
// doc may not set name or base. file names doc in errors.
func (sc *Scenario) Override(doc []byte, file string) (*Scenario, error) {
	d, err := parseDocument(doc, file)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"name", "base"} {
		if _, ok := d.tree[k]; ok {
			return nil, Errors{{File: file, Line: d.line(k), Field: k, Msg: "an override cannot change the scenario's name or base"}}
		}
	}
	data, err := json.Marshal(merge(sc.tree, d.tree))
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	out, err := parse(data, sc.Name+" with "+file, sc.files)
	if err != nil {
		return nil, err
	}
	out.chain = append(slices.Clone(sc.chain), file)
	return out, nil
}
