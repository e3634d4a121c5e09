package vrptw

import (
	"io"
	"strings"
)

// ReadSolomon reads a VRPTW instance in Solomon's format: a name line, a
// VEHICLE block ("NUMBER CAPACITY" and one line K Q), a CUSTOMER block (a
// header line, then one row "id x y demand ready due service" per node,
// the depot first with id 0 and ids in order). Lines may end in CRLF and
// fields be separated by any white space; header lines are recognised as
// lines that do not start with a number. Homberger's larger instances use
// the same format and read the same way.
//
// name is the file's name, used in errors and, when the file has no name
// line, as Instance.Name without its extension. Any problem with the content
// is returned as a *FormatError; ReadSolomon never panics on bad input.
func ReadSolomon(r io.Reader, name string) (*Instance, error) {
	l := newLines(r, name)
	in := &Instance{Kind: KindVRPTW, Name: baseName(name)}

	// Name line and VEHICLE block, up to the line "K Q".
	for first := true; ; first = false {
		f, ok := l.next()
		if !ok {
			return nil, l.eof("vehicles", "no VEHICLE line %q", "K Q")
		}
		if !isNumber(f[0]) {
			if first && !strings.EqualFold(f[0], "VEHICLE") {
				in.Name = strings.Join(f, " ")
			}
			continue
		}
		if len(f) != 2 {
			return nil, l.errorf(l.n, "", "VEHICLE line has %d fields, want 2 (number, capacity)", len(f))
		}
		var err error
		if in.Vehicles, in.Capacity, err = l.fleet(f[0], f[1]); err != nil {
			return nil, err
		}
		break
	}

	// CUSTOMER block: header lines, then data rows to the end.
	for {
		f, ok := l.next()
		if !ok {
			break
		}
		if !isNumber(f[0]) {
			if len(in.Nodes) > 0 {
				return nil, l.errorf(l.n, "id", "%q is not a number", f[0])
			}
			continue
		}
		if len(f) != 7 {
			return nil, l.errorf(l.n, "", "customer row has %d fields, want 7 (id x y demand ready due service)", len(f))
		}
		nd, err := l.node(f, len(in.Nodes))
		if err != nil {
			return nil, err
		}
		if nd.Demand < 0 {
			return nil, l.errorf(l.n, "demand", "%q is negative", f[3])
		}
		if nd.ID == 0 && nd.Demand != 0 {
			return nil, l.errorf(l.n, "demand", "the depot has demand %d, want 0", nd.Demand)
		}
		in.Nodes = append(in.Nodes, nd)
	}
	if l.err != nil {
		return nil, l.err
	}
	if len(in.Nodes) == 0 {
		return nil, l.eof("", "no CUSTOMER rows")
	}
	in.Depots = []int{0}
	return in, nil
}

// node parses the fields "id x y demand ready due service" that Solomon and
// Li & Lim rows begin with, checking that the id is want and that the time
// window is not empty. Pickup and Delivery are set to -1.
func (l *lines) node(f []string, want int) (Node, error) {
	nd := Node{Pickup: -1, Delivery: -1}
	var err error
	if nd.ID, err = l.count(f[0], "id"); err != nil {
		return nd, err
	}
	if nd.ID != want {
		return nd, l.errorf(l.n, "id", "id %d out of order, want %d", nd.ID, want)
	}
	if nd.X, err = l.num(f[1], "x"); err != nil {
		return nd, err
	}
	if nd.Y, err = l.num(f[2], "y"); err != nil {
		return nd, err
	}
	if nd.Demand, err = l.integer(f[3], "demand"); err != nil {
		return nd, err
	}
	if nd.Ready, err = l.nonNegative(f[4], "ready"); err != nil {
		return nd, err
	}
	if nd.Due, err = l.nonNegative(f[5], "due"); err != nil {
		return nd, err
	}
	if nd.Due < nd.Ready {
		return nd, l.errorf(l.n, "due", "due %s is before ready %s", f[5], f[4])
	}
	if nd.Service, err = l.nonNegative(f[6], "service"); err != nil {
		return nd, err
	}
	return nd, nil
}
