package cvrp

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/huishou/huishou/optimizer/route"
)

// Instance is a CVRPLIB instance with EUC_2D distances. Nodes are numbered
// 0..Dimension-1 here (node i is id i+1 in the file).
type Instance struct {
	Name      string
	Comment   string
	Dimension int
	Capacity  int64
	X, Y      []float64
	Demand    []int64
	Depot     int // node index, 0-based
}

// ParseError is a malformed instance or solution file, naming the line
// (1-based; 0 when the file ends early) and the field.
type ParseError struct {
	Line  int
	Field string
	Msg   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("cvrp: line %d: %s: %s", e.Line, e.Field, e.Msg)
}

const maxDimension = 1 << 20

// ReadVRP parses a CVRPLIB .vrp file: header lines "KEY : value", then
// NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION (ids 1-based), EOF.
// Only TYPE CVRP and EDGE_WEIGHT_TYPE EUC_2D are accepted; coordinates
// may be real numbers.
func ReadVRP(r io.Reader) (*Instance, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	in := &Instance{Depot: -1}
	line := 0
	section := ""
	var haveCoord, haveDemand []bool
	haveCap := false
	errf := func(field, format string, a ...any) error {
		return &ParseError{Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		f := strings.Fields(text)
		key := strings.ToUpper(strings.TrimSuffix(f[0], ":"))
		switch key {
		case "EOF":
			section = "EOF"
			continue
		case "NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION":
			if in.Dimension <= 0 {
				return nil, errf(key, "section before DIMENSION")
			}
			section = key
			continue
		}
		if k, v, ok := strings.Cut(text, ":"); ok && section == "" || (ok && isHeaderKey(k)) {
			k = strings.ToUpper(strings.TrimSpace(k))
			v = strings.TrimSpace(v)
			section = ""
			switch k {
			case "NAME":
				in.Name = v
			case "COMMENT":
				in.Comment = strings.Trim(v, "\"")
			case "TYPE":
				if strings.ToUpper(v) != "CVRP" {
					return nil, errf("TYPE", "unsupported type %q (want CVRP)", v)
				}
			case "DIMENSION":
				n, err := strconv.Atoi(v)
				if err != nil || n < 2 || n > maxDimension {
					return nil, errf("DIMENSION", "want an integer in [2, %d], got %q", maxDimension, v)
				}
				if in.Dimension != 0 {
					return nil, errf("DIMENSION", "given twice")
				}
				in.Dimension = n
				in.X, in.Y = make([]float64, n), make([]float64, n)
				in.Demand = make([]int64, n)
				haveCoord, haveDemand = make([]bool, n), make([]bool, n)
			case "EDGE_WEIGHT_TYPE":
				if strings.ToUpper(v) != "EUC_2D" {
					return nil, errf("EDGE_WEIGHT_TYPE", "unsupported %q (want EUC_2D)", v)
				}
			case "CAPACITY":
				c, err := strconv.ParseInt(v, 10, 64)
				if err != nil || c <= 0 || c > 1<<40 {
					return nil, errf("CAPACITY", "want a positive integer, got %q", v)
				}
				in.Capacity = c
				haveCap = true
			default:
				// Other TSPLIB keys (DISTANCE, VEHICLES, …) are ignored.
			}
			continue
		}
		switch section {
		case "NODE_COORD_SECTION":
			if len(f) != 3 {
				return nil, errf("NODE_COORD_SECTION", "want \"id x y\", got %q", text)
			}
			id, err := nodeID(f[0], in.Dimension)
			if err != nil {
				return nil, errf("NODE_COORD_SECTION.id", "%v", err)
			}
			x, err1 := strconv.ParseFloat(f[1], 64)
			y, err2 := strconv.ParseFloat(f[2], 64)
			if err1 != nil || err2 != nil || math.IsNaN(x) || math.IsNaN(y) || math.Abs(x) > 1e9 || math.Abs(y) > 1e9 {
				return nil, errf("NODE_COORD_SECTION.x,y", "bad coordinates %q %q", f[1], f[2])
			}
			if haveCoord[id] {
				return nil, errf("NODE_COORD_SECTION.id", "node %d given twice", id+1)
			}
			haveCoord[id] = true
			in.X[id], in.Y[id] = x, y
		case "DEMAND_SECTION":
			if len(f) != 2 {
				return nil, errf("DEMAND_SECTION", "want \"id demand\", got %q", text)
			}
			id, err := nodeID(f[0], in.Dimension)
			if err != nil {
				return nil, errf("DEMAND_SECTION.id", "%v", err)
			}
			q, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || q < 0 || q > 1<<40 {
				return nil, errf("DEMAND_SECTION.demand", "want a non-negative integer, got %q", f[1])
			}
			if haveDemand[id] {
				return nil, errf("DEMAND_SECTION.id", "node %d given twice", id+1)
			}
			haveDemand[id] = true
			in.Demand[id] = q
		case "DEPOT_SECTION":
			if len(f) != 1 {
				return nil, errf("DEPOT_SECTION", "want one id per line, got %q", text)
			}
			if f[0] == "-1" {
				section = "DEPOT_END"
				continue
			}
			id, err := nodeID(f[0], in.Dimension)
			if err != nil {
				return nil, errf("DEPOT_SECTION", "%v", err)
			}
			if in.Depot >= 0 {
				return nil, errf("DEPOT_SECTION", "more than one depot")
			}
			in.Depot = id
		case "EOF", "DEPOT_END":
			return nil, errf(section, "unexpected %q", text)
		default:
			return nil, errf("header", "want \"KEY : value\", got %q", text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, errf("file", "%v", err)
	}
	line = 0
	switch {
	case in.Dimension == 0:
		return nil, errf("DIMENSION", "missing")
	case !haveCap:
		return nil, errf("CAPACITY", "missing")
	}
	for i := range in.Dimension {
		if !haveCoord[i] {
			return nil, errf("NODE_COORD_SECTION", "node %d has no coordinates", i+1)
		}
		if !haveDemand[i] {
			return nil, errf("DEMAND_SECTION", "node %d has no demand", i+1)
		}
	}
	if in.Depot < 0 {
		in.Depot = 0
	}
	if in.Demand[in.Depot] != 0 {
		return nil, errf("DEMAND_SECTION", "depot %d has demand %d", in.Depot+1, in.Demand[in.Depot])
	}
	return in, nil
}

func isHeaderKey(k string) bool {
	switch strings.ToUpper(strings.TrimSpace(k)) {
	case "NAME", "COMMENT", "TYPE", "DIMENSION", "EDGE_WEIGHT_TYPE", "CAPACITY", "DISTANCE", "VEHICLES":
		return true
	}
	return false
}

func nodeID(s string, dim int) (int, error) {
	id, err := strconv.Atoi(s)
	if err != nil || id < 1 || id > dim {
		return 0, fmt.Errorf("node id %q outside [1, %d]", s, dim)
	}
	return id - 1, nil
}

// Nint is the TSPLIB nearest-integer rule, floor(v + 0.5).
func Nint(v float64) int64 { return int64(math.Floor(v + 0.5)) }

// Dist is the CVRPLIB EUC_2D distance between nodes i and j.
func (in *Instance) Dist(i, j int) int64 {
	return Nint(math.Hypot(in.X[i]-in.X[j], in.Y[i]-in.Y[j]))
}

// Problem converts the instance to a route.Problem: location i is node i,
// client k is the k-th non-depot node (CVRPLIB customer k+1), arcs rounded
// with Nint, one vehicle type of capacity Capacity and unlimited count.
func (in *Instance) Problem() *route.Problem {
	n := in.Dimension
	p := &route.Problem{N: n, Dist: make([]int64, n*n), Depots: []int{in.Depot},
		Vehicles: []route.Vehicle{{Capacity: []int64{in.Capacity}}},
		Coords:   make([][2]float64, n)}
	for i := range n {
		p.Coords[i] = [2]float64{in.X[i], in.Y[i]}
		for j := range n {
			p.Dist[i*n+j] = in.Dist(i, j)
		}
		if i != in.Depot {
			p.Clients = append(p.Clients, route.Client{Location: i, Demand: []int64{in.Demand[i]}})
		}
	}
	return p
}
