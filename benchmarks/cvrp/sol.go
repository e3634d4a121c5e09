package cvrp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Routes are customer numbers in CVRPLIB .sol numbering: customer c is node
// c of the instance (0-based), i.e. id c+1 in the .vrp file; the depot is
// left out.
type Routes [][]int

// WriteSolution writes routes in the CVRPLIB solution format: one line
// "Route #k: c1 c2 …" per route (k from 1), then "Cost N".
func WriteSolution(w io.Writer, routes Routes, cost int64) error {
	bw := bufio.NewWriter(w)
	k := 0
	for _, rt := range routes {
		if len(rt) == 0 {
			continue
		}
		k++
		fmt.Fprintf(bw, "Route #%d:", k)
		for _, c := range rt {
			fmt.Fprintf(bw, " %d", c)
		}
		bw.WriteByte('\n')
	}
	fmt.Fprintf(bw, "Cost %d\n", cost)
	return bw.Flush()
}

// ReadSolution parses a CVRPLIB .sol file and returns its routes and the
// cost it states (-1 when absent).
func ReadSolution(r io.Reader) (Routes, int64, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<22)
	var routes Routes
	cost := int64(-1)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "":
		case strings.HasPrefix(text, "Route"):
			_, list, ok := strings.Cut(text, ":")
			if !ok {
				return nil, 0, &ParseError{Line: line, Field: "Route", Msg: "missing ':'"}
			}
			var rt []int
			for _, f := range strings.Fields(list) {
				c, err := strconv.Atoi(f)
				if err != nil || c < 1 {
					return nil, 0, &ParseError{Line: line, Field: "Route", Msg: fmt.Sprintf("bad customer %q", f)}
				}
				rt = append(rt, c)
			}
			routes = append(routes, rt)
		case strings.HasPrefix(text, "Cost"):
			c, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(text, "Cost")), 10, 64)
			if err != nil {
				return nil, 0, &ParseError{Line: line, Field: "Cost", Msg: fmt.Sprintf("bad cost %q", text)}
			}
			cost = c
		default:
			return nil, 0, &ParseError{Line: line, Field: "line", Msg: fmt.Sprintf("unexpected %q", text)}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, &ParseError{Line: line, Field: "file", Msg: err.Error()}
	}
	return routes, cost, nil
}

// Check verifies routes against the instance independently of any solver:
// every customer exactly once, no route over capacity; it returns the cost
// recomputed from the coordinates (nint per arc).
func Check(in *Instance, routes Routes) (int64, error) {
	seen := make([]bool, in.Dimension)
	var cost int64
	for r, rt := range routes {
		if len(rt) == 0 {
			continue
		}
		var load int64
		prev := in.Depot
		for _, c := range rt {
			if c < 1 || c >= in.Dimension || c == in.Depot {
				return 0, fmt.Errorf("cvrp: route %d: customer %d does not exist", r+1, c)
			}
			if seen[c] {
				return 0, fmt.Errorf("cvrp: route %d: customer %d visited twice", r+1, c)
			}
			seen[c] = true
			load += in.Demand[c]
			cost += in.Dist(prev, c)
			prev = c
		}
		cost += in.Dist(prev, in.Depot)
		if load > in.Capacity {
			return 0, fmt.Errorf("cvrp: route %d: load %d exceeds capacity %d", r+1, load, in.Capacity)
		}
	}
	for c := range in.Dimension {
		if c != in.Depot && !seen[c] {
			return 0, fmt.Errorf("cvrp: customer %d not visited", c)
		}
	}
	return cost, nil
}
