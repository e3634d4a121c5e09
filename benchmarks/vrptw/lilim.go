package vrptw

import "io"

// ReadLiLim reads a PDPTW instance in Li & Lim's format: a first line
// "K Q S" (vehicles, capacity, speed — the speed is read and ignored, as
// travel time equals distance), then one tab-separated row per node,
// "id x y demand early late service p d", the depot first with id 0 and ids
// in order. A pickup has demand > 0, p = 0 and d its delivery's id; a
// delivery has demand < 0, p its pickup's id and d = 0. ReadLiLim checks that
// every pickup and delivery name each other and carry opposite demands, and
// sets Node.Pickup and Node.Delivery (-1 where the file has 0).
//
// name is the file's name, used in errors and, without its extension, as
// Instance.Name. Any problem with the content is returned as a *FormatError;
// ReadLiLim never panics on bad input.
func ReadLiLim(r io.Reader, name string) (*Instance, error) {
	l := newLines(r, name)
	in := &Instance{Kind: KindPDPTW, Name: baseName(name)}

	f, ok := l.next()
	if !ok {
		return nil, l.eof("vehicles", "no first line %q", "K Q S")
	}
	if len(f) != 3 {
		return nil, l.errorf(l.n, "", "first line has %d fields, want 3 (vehicles, capacity, speed)", len(f))
	}
	var err error
	if in.Vehicles, in.Capacity, err = l.fleet(f[0], f[1]); err != nil {
		return nil, err
	}
	if _, err = l.nonNegative(f[2], "speed"); err != nil {
		return nil, err
	}

	type sib struct{ p, d, line int }
	var sibs []sib
	for {
		f, ok := l.next()
		if !ok {
			break
		}
		if len(f) != 9 {
			return nil, l.errorf(l.n, "", "task row has %d fields, want 9 (id x y demand early late service p d)", len(f))
		}
		nd, err := l.node(f, len(in.Nodes))
		if err != nil {
			return nil, err
		}
		var s sib
		if s.p, err = l.count(f[7], "pickup"); err != nil {
			return nil, err
		}
		if s.d, err = l.count(f[8], "delivery"); err != nil {
			return nil, err
		}
		s.line = l.n
		in.Nodes = append(in.Nodes, nd)
		sibs = append(sibs, s)
	}
	if l.err != nil {
		return nil, l.err
	}
	if len(in.Nodes) == 0 {
		return nil, l.eof("", "no task rows")
	}

	n := len(in.Nodes)
	bad := func(i int, field, format string, args ...any) error {
		return l.errorf(sibs[i].line, field, format, args...)
	}
	for i, s := range sibs {
		dem := in.Nodes[i].Demand
		switch {
		case i == 0:
			if dem != 0 || s.p != 0 || s.d != 0 {
				return nil, bad(i, "", "the depot must have demand, p and d 0")
			}
		case dem > 0:
			if s.p != 0 {
				return nil, bad(i, "pickup", "a pickup (demand > 0) must have p = 0, not %d", s.p)
			}
			if s.d == 0 || s.d == i || s.d >= n {
				return nil, bad(i, "delivery", "delivery %d is not a task id", s.d)
			}
			if sibs[s.d].p != i {
				return nil, bad(i, "delivery", "task %d does not name %d as its pickup", s.d, i)
			}
			if in.Nodes[s.d].Demand != -dem {
				return nil, bad(i, "demand", "picks up %d but delivery %d drops %d", dem, s.d, -in.Nodes[s.d].Demand)
			}
			in.Nodes[i].Delivery = s.d
		case dem < 0:
			if s.d != 0 {
				return nil, bad(i, "delivery", "a delivery (demand < 0) must have d = 0, not %d", s.d)
			}
			if s.p == 0 || s.p == i || s.p >= n {
				return nil, bad(i, "pickup", "pickup %d is not a task id", s.p)
			}
			if sibs[s.p].d != i {
				return nil, bad(i, "pickup", "task %d does not name %d as its delivery", s.p, i)
			}
			in.Nodes[i].Pickup = s.p
		default:
			return nil, bad(i, "demand", "a task must have a non-zero demand")
		}
	}
	in.Depots = []int{0}
	return in, nil
}
