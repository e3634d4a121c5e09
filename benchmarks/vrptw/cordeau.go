package vrptw

import (
	"io"
	"math"
)

// ReadCordeau reads an MDVRP instance in Cordeau's format: a first line
// "type m n t" (type 2 is the MDVRP, the only type read; m vehicles per
// depot, n customers, t depots), t lines "D Q" (maximum route duration, 0
// for none, and vehicle capacity, one line per depot), n customer lines
// "i x y d q f a list…" (id, coordinates, service duration, demand, and the
// periodic-VRP fields visit frequency, number of visit combinations and
// their list, which are checked and dropped), then t depot lines
// "i x y …" with ids n+1…n+t.
//
// Customers take indices 0…n-1 and depots n…n+t-1 (index = id-1). There are
// no time windows: Ready is 0 and Due +Inf everywhere.
//
// name is the file's name, used in errors and, without its extension, as
// Instance.Name. Any problem with the content is returned as a *FormatError;
// ReadCordeau never panics on bad input.
func ReadCordeau(r io.Reader, name string) (*Instance, error) {
	l := newLines(r, name)
	in := &Instance{Kind: KindMDVRP, Name: baseName(name)}

	f, ok := l.next()
	if !ok {
		return nil, l.eof("type", "no first line %q", "type m n t")
	}
	if len(f) != 4 {
		return nil, l.errorf(l.n, "", "first line has %d fields, want 4 (type, vehicles, customers, depots)", len(f))
	}
	typ, err := l.integer(f[0], "type")
	if err != nil {
		return nil, err
	}
	if typ != 2 {
		return nil, l.errorf(l.n, "type", "type %d is not supported, want 2 (MDVRP)", typ)
	}
	if in.Vehicles, err = l.count(f[1], "vehicles"); err != nil {
		return nil, err
	}
	n, err := l.count(f[2], "customers")
	if err != nil {
		return nil, err
	}
	t, err := l.count(f[3], "depots")
	if err != nil {
		return nil, err
	}
	if t == 0 {
		return nil, l.errorf(l.n, "depots", "no depots")
	}

	for k := 0; k < t; k++ {
		f, ok := l.next()
		if !ok {
			return nil, l.eof("", "read %d of %d depot lines %q", k, t, "D Q")
		}
		if len(f) != 2 {
			return nil, l.errorf(l.n, "", "depot line has %d fields, want 2 (max duration, capacity)", len(f))
		}
		d, err := l.nonNegative(f[0], "duration")
		if err != nil {
			return nil, err
		}
		q, err := l.count(f[1], "capacity")
		if err != nil {
			return nil, err
		}
		if q == 0 {
			return nil, l.errorf(l.n, "capacity", "capacity is 0")
		}
		in.MaxDuration = append(in.MaxDuration, d)
		in.DepotCapacity = append(in.DepotCapacity, q)
		in.Capacity = max(in.Capacity, q)
	}

	inf := math.Inf(1)
	for i := 0; i < n; i++ {
		f, ok := l.next()
		if !ok {
			return nil, l.eof("", "read %d of %d customer lines", i, n)
		}
		if len(f) < 7 {
			return nil, l.errorf(l.n, "", "customer line has %d fields, want at least 7 (i x y d q f a …)", len(f))
		}
		nd := Node{Due: inf, Pickup: -1, Delivery: -1}
		if nd.ID, err = l.integer(f[0], "id"); err != nil {
			return nil, err
		}
		if nd.ID != i+1 {
			return nil, l.errorf(l.n, "id", "id %d out of order, want %d", nd.ID, i+1)
		}
		if nd.X, err = l.num(f[1], "x"); err != nil {
			return nil, err
		}
		if nd.Y, err = l.num(f[2], "y"); err != nil {
			return nil, err
		}
		if nd.Service, err = l.nonNegative(f[3], "service"); err != nil {
			return nil, err
		}
		if nd.Demand, err = l.count(f[4], "demand"); err != nil {
			return nil, err
		}
		if _, err = l.count(f[5], "frequency"); err != nil {
			return nil, err
		}
		a, err := l.count(f[6], "combinations")
		if err != nil {
			return nil, err
		}
		if len(f) != 7+a {
			return nil, l.errorf(l.n, "combinations", "%d combinations listed, header says %d", len(f)-7, a)
		}
		for _, s := range f[7:] {
			if _, err = l.integer(s, "combinations"); err != nil {
				return nil, err
			}
		}
		in.Nodes = append(in.Nodes, nd)
	}

	for k := 0; k < t; k++ {
		f, ok := l.next()
		if !ok {
			return nil, l.eof("", "read %d of %d depot coordinate lines", k, t)
		}
		if len(f) < 3 {
			return nil, l.errorf(l.n, "", "depot line has %d fields, want at least 3 (i x y …)", len(f))
		}
		nd := Node{Due: inf, Pickup: -1, Delivery: -1}
		if nd.ID, err = l.integer(f[0], "id"); err != nil {
			return nil, err
		}
		if nd.ID != n+k+1 {
			return nil, l.errorf(l.n, "id", "depot id %d out of order, want %d", nd.ID, n+k+1)
		}
		if nd.X, err = l.num(f[1], "x"); err != nil {
			return nil, err
		}
		if nd.Y, err = l.num(f[2], "y"); err != nil {
			return nil, err
		}
		for _, s := range f[3:] {
			if _, err = l.num(s, ""); err != nil {
				return nil, err
			}
		}
		in.Depots = append(in.Depots, len(in.Nodes))
		in.Nodes = append(in.Nodes, nd)
	}
	if _, ok := l.next(); ok {
		return nil, l.errorf(l.n, "", "unexpected line after the %d depot lines", t)
	}
	if l.err != nil {
		return nil, l.err
	}
	return in, nil
}
