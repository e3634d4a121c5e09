package vrptw

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/huishou/huishou/benchmarks/internal/cputime"
	"github.com/huishou/huishou/benchmarks/runinfo"
)

// A saved run (huishou bench vrptw --save DIR) is one JSON Lines file: a
// Header, one Result per instance, then a Trailer. Runs split over
// several processes (instances alternately, side by side) are separate
// files of one Series; ReadSaved joins them and WriteTables rebuilds the
// tables of benchmarks/RESULTS.md from them.

// Header is the first line of a saved run.
type Header struct {
	IsHeader bool            `json:"header"`
	Kind     Kind            `json:"kind"`
	Set      string          `json:"set"`             // the instance folder's base name
	Label    string          `json:"label,omitempty"` // what was measured (--label)
	TimeS    float64         `json:"time_s"`          // time limit per instance
	Seed     uint64          `json:"seed"`
	Threads  int             `json:"threads"`
	Distance bool            `json:"distance_only,omitempty"`
	Args     []string        `json:"args"` // the command line
	Machine  runinfo.Machine `json:"machine"`
}

// Trailer is the last line of a saved run: the run's Summary, the
// process's peak resident memory and the load average at its end.
type Trailer struct {
	IsSummary bool `json:"summary"`
	Summary
	PeakRSSMB float64 `json:"peak_rss_mb,omitempty"`
	Load1End  float64 `json:"load1_end,omitempty"`
}

// NewTrailer returns the trailer of a run that ends now with summary s.
func NewTrailer(s Summary) Trailer {
	return Trailer{IsSummary: true, Summary: s, PeakRSSMB: float64(cputime.PeakRSS()) / (1 << 20), Load1End: runinfo.Load1()}
}

// Series is the saved runs of one configuration: label, set, objective,
// time limit, seed and threads.
type Series struct {
	Header  Header // the first file's
	Files   []string
	Results []Result
	// Over the files: dates, Go versions, revisions, start and end loads,
	// peak resident memory.
	From, To  string
	Gos, Revs []string
	LoadMin   float64
	LoadMax   float64
	PeakRSSMB float64
}

// Key names the series' configuration.
func (s *Series) Key() string { return s.Header.key(true, true) }

// key names a configuration: label, set, objective and time, then the
// seed and the thread count when asked (a mean over seeds leaves out the
// seed, a pair of thread counts the threads).
func (h Header) key(seed, threads bool) string {
	k := h.Label + " " + h.Set
	if h.Distance {
		k += " distance-only"
	}
	k += fmt.Sprintf(" %gs", h.TimeS)
	if seed {
		k += fmt.Sprintf(" seed %d", h.Seed)
	}
	if threads {
		k += fmt.Sprintf(" threads %d", h.Threads)
	}
	return k
}

// ReadSaved reads every *.jsonl file of dir and joins them into series,
// sorted by label, set, time, threads and seed. A file without a header,
// or an instance saved twice in one series, is an error.
func ReadSaved(dir string) ([]*Series, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	byKey := map[string]*Series{}
	var out []*Series
	for _, f := range files {
		h, res, tr, err := readSavedFile(f)
		if err != nil {
			return nil, err
		}
		s := &Series{Header: h}
		if o, ok := byKey[s.Key()]; ok {
			s = o
		} else {
			byKey[s.Key()] = s
			out = append(out, s)
			s.LoadMin = math.Inf(1)
		}
		s.Files = append(s.Files, filepath.Base(f))
		for _, r := range res {
			if slices.ContainsFunc(s.Results, func(o Result) bool { return o.Instance == r.Instance }) {
				return nil, fmt.Errorf("vrptw: %s: instance %s saved twice in series %q", f, r.Instance, s.Key())
			}
			s.Results = append(s.Results, r)
		}
		m := h.Machine
		if s.From == "" || m.Date < s.From {
			s.From = m.Date
		}
		if m.Date > s.To {
			s.To = m.Date
		}
		if !slices.Contains(s.Gos, m.Go) {
			s.Gos = append(s.Gos, m.Go)
		}
		if r := m.Short(); !slices.Contains(s.Revs, r) {
			s.Revs = append(s.Revs, r)
		}
		for _, l := range []float64{m.Load1, tr.Load1End} {
			if l > 0 {
				s.LoadMin, s.LoadMax = min(s.LoadMin, l), max(s.LoadMax, l)
			}
		}
		s.PeakRSSMB = max(s.PeakRSSMB, tr.PeakRSSMB)
	}
	for _, s := range out {
		slices.SortFunc(s.Results, func(a, b Result) int { return strings.Compare(a.Instance, b.Instance) })
		if math.IsInf(s.LoadMin, 1) {
			s.LoadMin = 0
		}
	}
	slices.SortStableFunc(out, func(a, b *Series) int {
		ha, hb := a.Header, b.Header
		switch {
		case ha.Label != hb.Label:
			return strings.Compare(ha.Label, hb.Label)
		case ha.Set != hb.Set:
			return strings.Compare(ha.Set, hb.Set)
		case ha.TimeS != hb.TimeS:
			return cmpFloat(ha.TimeS, hb.TimeS)
		case ha.Threads != hb.Threads:
			return ha.Threads - hb.Threads
		}
		return int(ha.Seed) - int(hb.Seed)
	})
	return out, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func readSavedFile(name string) (h Header, res []Result, tr Trailer, err error) {
	f, err := os.Open(name)
	if err != nil {
		return h, nil, tr, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var kind struct {
			Header  bool `json:"header"`
			Summary bool `json:"summary"`
		}
		if err := json.Unmarshal(b, &kind); err != nil {
			return h, nil, tr, fmt.Errorf("vrptw: %s:%d: %w", name, line, err)
		}
		switch {
		case kind.Header:
			err = json.Unmarshal(b, &h)
		case kind.Summary:
			err = json.Unmarshal(b, &tr)
		case !h.IsHeader:
			return h, nil, tr, fmt.Errorf("vrptw: %s:%d: a result before the header line", name, line)
		default:
			var r Result
			err = json.Unmarshal(b, &r)
			res = append(res, r)
		}
		if err != nil {
			return h, nil, tr, fmt.Errorf("vrptw: %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return h, nil, tr, fmt.Errorf("vrptw: %s: %w", name, err)
	}
	if !h.IsHeader {
		return h, nil, tr, fmt.Errorf("vrptw: %s: no header line", name)
	}
	return h, res, tr, nil
}

// WriteTables writes, as Markdown, one summary row per series (with the
// machine, Go versions, revisions, dates and loads it ran with), a mean
// over seeds where a configuration ran with several on the same
// instances, the pairs of one thread against several (writePairs), then
// the per-instance table: vehicles and gap per series.
func WriteTables(w io.Writer, series []*Series) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "| series | instances | feasible | vehicles = BKS | ≤ BKS + 1 | mean (max) gap % at BKS vehicles | mean gap % all | first feasible s (max) | CPU s / wall s | peak RSS MB | Go | revision | UTC | load |")
	fmt.Fprintln(bw, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	type agg struct {
		n                 int
		same, within, gap float64
		key               string // configuration and, where seeds ran different instances, the list
		name              string // the key as shown: the count of instances for the list
		list              string
	}
	var aggs []*agg
	for _, s := range series {
		sm := Summarize(s.Results)
		cpu, wall, ff := 0.0, 0.0, 0.0
		for _, r := range s.Results {
			cpu += r.CPU
			wall += r.Seconds
			ff = max(ff, r.FirstFeasible)
		}
		ratio := 0.0
		if wall > 0 {
			ratio = cpu / wall
		}
		veh, within := "—", "—"
		if sm.WithBKSVehicles > 0 {
			veh = fmt.Sprintf("%d/%d", sm.SameVehicles, sm.WithBKSVehicles)
			within = fmt.Sprintf("%d/%d", sm.WithinOne, sm.WithBKSVehicles)
		}
		fmt.Fprintf(bw, "| %s | %d | %d | %s | %s | %.2f (%.2f) | %.2f | %.1f | %.2f | %.0f | %s | %s | %s – %s | %.1f–%.1f |\n",
			s.Key(), sm.Instances, sm.Feasible, veh, within, sm.MeanGapAtBKSVehicles, sm.MaxGapAtBKSVehicles, sm.MeanGap,
			ff, ratio, s.PeakRSSMB, strings.Join(s.Gos, ", "), strings.Join(s.Revs, ", "), shortDate(s.From), shortDate(s.To), s.LoadMin, s.LoadMax)
		// Seeds join only over the same instances.
		key, name, list := s.Header.key(false, true), "", ""
		if !sameInstances(s, series) {
			list = instanceList(s)
			name = fmt.Sprintf("%s on %d instances", key, len(s.Results))
			key += " " + list
		}
		var a *agg
		for _, o := range aggs {
			if o.key == key {
				a = o
			}
		}
		if a == nil {
			a = &agg{key: key, name: cmp.Or(name, key), list: list}
			aggs = append(aggs, a)
		}
		a.n++
		a.same += float64(sm.SameVehicles)
		a.within += float64(sm.WithinOne)
		a.gap += sm.MeanGapAtBKSVehicles
	}
	first := true
	for _, a := range aggs {
		if a.n < 2 {
			continue
		}
		if first {
			fmt.Fprintln(bw, "\nMeans over seeds:\n\n| configuration | seeds | vehicles = BKS | ≤ BKS + 1 | mean gap % at BKS vehicles |")
			fmt.Fprintln(bw, "|---|---|---|---|---|")
			first = false
		}
		// The count of instances names the group unless another shown
		// group has the same count; then the list does.
		name := a.name
		for _, o := range aggs {
			if o != a && o.n >= 2 && o.name == a.name {
				name += " " + a.list
				break
			}
		}
		k := float64(a.n)
		fmt.Fprintf(bw, "| %s | %d | %.1f | %.1f | %.2f |\n", name, a.n, a.same/k, a.within/k, a.gap/k)
	}
	writePairs(bw, series)
	// Per instance: one column per series.
	var names []string
	for _, s := range series {
		for _, r := range s.Results {
			if !slices.Contains(names, r.Instance) {
				names = append(names, r.Instance)
			}
		}
	}
	slices.Sort(names)
	fmt.Fprint(bw, "\nPer instance (vehicles, gap %; * infeasible):\n\n")
	fmt.Fprint(bw, "| instance | BKS vehicles | BKS |")
	for k := range series {
		fmt.Fprintf(bw, " (%d) |", k+1)
	}
	fmt.Fprint(bw, "\n|---|---|---|")
	for range series {
		fmt.Fprint(bw, "---|")
	}
	fmt.Fprintln(bw)
	for _, n := range names {
		row := ""
		bksV, bks := 0, 0.0
		for _, s := range series {
			i := slices.IndexFunc(s.Results, func(r Result) bool { return r.Instance == n })
			if i < 0 {
				row += " |"
				continue
			}
			r := s.Results[i]
			bksV, bks = r.BKSVehicles, r.BKS
			mark := ""
			if !r.Feasible {
				mark = "*"
			}
			row += fmt.Sprintf(" %d, %.2f%s |", r.Vehicles, r.Gap, mark)
		}
		fmt.Fprintf(bw, "| %s | %d | %.2f |%s\n", n, bksV, bks, row)
	}
	fmt.Fprintln(bw, "\nColumns:")
	for k, s := range series {
		fmt.Fprintf(bw, "(%d) %s — %s\n", k+1, s.Key(), strings.Join(s.Files, ", "))
	}
	return bw.Flush()
}

func shortDate(d string) string {
	if len(d) >= 16 {
		return strings.Replace(d[:16], "T", " ", 1)
	}
	return d
}

// instanceList names a series' instances in the order of its results
// (sorted by ReadSaved).
func instanceList(s *Series) string {
	names := make([]string, len(s.Results))
	for i, r := range s.Results {
		names[i] = r.Instance
	}
	return "[" + strings.Join(names, ",") + "]"
}

// sameInstances reports whether every series of s's configuration (all
// but the seed) ran the same instances as s, so that a mean over their
// seeds compares like with like.
func sameInstances(s *Series, series []*Series) bool {
	key, list := s.Header.key(false, true), instanceList(s)
	for _, o := range series {
		if o.Header.key(false, true) == key && instanceList(o) != list {
			return false
		}
	}
	return true
}

// writePairs compares, for every series run with several threads, the
// series of one thread with the same label, set, objective, time and
// seed, on the instances both ran: how many reach the BKS vehicle count,
// on how many each needs fewer vehicles than the other, and the mean gap
// over the instances at the BKS vehicle count in both.
func writePairs(w io.Writer, series []*Series) {
	first := true
	for _, b := range series {
		if b.Header.Threads < 2 {
			continue
		}
		pair := b.Header.key(true, false)
		for _, a := range series {
			if a.Header.Threads != 1 || a.Header.key(true, false) != pair {
				continue
			}
			var n, bksA, bksB, fewerA, fewerB, both, lowerB int
			var gapA, gapB float64
			for _, rb := range b.Results {
				i := slices.IndexFunc(a.Results, func(r Result) bool { return r.Instance == rb.Instance })
				if i < 0 || !rb.Feasible || !a.Results[i].Feasible || rb.BKSVehicles == 0 {
					continue
				}
				ra := a.Results[i]
				n++
				atA, atB := ra.Vehicles <= ra.BKSVehicles, rb.Vehicles <= rb.BKSVehicles
				if atA {
					bksA++
				}
				if atB {
					bksB++
				}
				switch {
				case ra.Vehicles < rb.Vehicles:
					fewerA++
				case rb.Vehicles < ra.Vehicles:
					fewerB++
				}
				if atA && atB && ra.Vehicles == rb.Vehicles {
					both++
					gapA += ra.Gap
					gapB += rb.Gap
					if rb.Gap < ra.Gap {
						lowerB++
					}
				}
			}
			if n == 0 {
				continue
			}
			if first {
				fmt.Fprintln(w, "\nOne thread against several, same label, time and seed, on the instances both solved:")
				fmt.Fprintln(w, "\n| series | threads | instances | vehicles = BKS (1 thread / n) | fewer vehicles (1 thread / n) | mean gap % at BKS vehicles in both (1 thread / n) | n threads lower |")
				fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
				first = false
			}
			gaps := "—"
			if both > 0 {
				gaps = fmt.Sprintf("%.2f / %.2f (%d)", gapA/float64(both), gapB/float64(both), both)
			}
			fmt.Fprintf(w, "| %s | %d | %d | %d / %d | %d / %d | %s | %d/%d |\n",
				pair, b.Header.Threads, n, bksA, bksB, fewerA, fewerB, gaps, lowerB, both)
		}
	}
}
