package vrptw

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// Small, valid files in each format, laid out like the real ones (CRLF,
// tabs, headers). Line numbers in the tests below refer to these.
const (
	solomonTiny = "C101\r\n" + // 1
		"\r\n" +
		"VEHICLE\r\n" +
		"NUMBER     CAPACITY\r\n" +
		"  25         200\r\n" + // 5
		"\r\n" +
		"CUSTOMER\r\n" +
		"CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n" +
		" \r\n" +
		"    0      40         50          0          0       1236          0   \r\n" + // 10
		"    1      45         68         10        912        967         90   \r\n" +
		"    2      45         70         30        825        870         90   \r\n"

	liLimTiny = "25\t200\t1\r\n" + // 1
		"0\t40\t50\t0\t0\t1236\t0\t0\t0\r\n" +
		"1\t45\t68\t-10\t912\t967\t90\t2\t0\r\n" +
		"2\t45\t70\t10\t825\t870\t90\t0\t1\r\n" // 4

	cordeauTiny = "2 1 2 2\n" + // 1
		"0 80\n" +
		"0 80\n" +
		" 1 37 52 0   7 1 4 1 2 4 8\n" + // 4
		" 2 49 49 0  30 1 4 1 2 4 8\n" +
		" 3 20 20 0   0 0 0\n" + // 6
		" 4 30 40 0   0 0 0"
)

// edit replaces line n (1-based) of a file, keeping its line ending.
func edit(file string, n int, line string) string {
	ls := strings.SplitAfter(file, "\n")
	end := ls[n-1][len(strings.TrimRight(ls[n-1], "\r\n")):]
	ls[n-1] = line + end
	return strings.Join(ls, "")
}

func TestReadTiny(t *testing.T) {
	s, err := ReadSolomon(strings.NewReader(solomonTiny), "c101.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := Node{ID: 2, X: 45, Y: 70, Demand: 30, Ready: 825, Due: 870, Service: 90, Pickup: -1, Delivery: -1}
	if s.Name != "C101" || s.Vehicles != 25 || s.Capacity != 200 || len(s.Nodes) != 3 || s.Nodes[2] != want {
		t.Errorf("Solomon: got %+v", s)
	}

	l, err := ReadLiLim(strings.NewReader(liLimTiny), "dir/lc101.txt")
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "lc101" || l.Nodes[1].Pickup != 2 || l.Nodes[2].Delivery != 1 || l.Nodes[1].Delivery != -1 || l.Nodes[2].Pickup != -1 {
		t.Errorf("Li & Lim: got %+v", l)
	}

	c, err := ReadCordeau(strings.NewReader(cordeauTiny), "p01.txt")
	if err != nil {
		t.Fatal(err)
	}
	wantC := Node{ID: 2, X: 49, Y: 49, Demand: 30, Due: math.Inf(1), Pickup: -1, Delivery: -1}
	if c.Name != "p01" || c.Vehicles != 1 || c.Capacity != 80 || len(c.Nodes) != 4 || c.Nodes[1] != wantC ||
		c.Depots[0] != 2 || c.Depots[1] != 3 || c.Nodes[3].ID != 4 || c.Nodes[3].Y != 40 {
		t.Errorf("Cordeau: got %+v", c)
	}
}

func TestFormatErrors(t *testing.T) {
	type reader func(io.Reader, string) (*Instance, error)
	tests := []struct {
		name  string
		read  reader
		file  string
		input string
		want  string
		line  int
		field string
	}{
		{"solomon due", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "2 45 70 30 825 x 90"),
			`c101.txt: line 12: field "due": "x" is not a number`, 12, "due"},
		{"solomon empty", ReadSolomon, "c101.txt", "",
			`c101.txt: field "vehicles": unexpected end of file: no VEHICLE line "K Q"`, 0, "vehicles"},
		{"solomon no rows", ReadSolomon, "c101.txt", solomonTiny[:strings.Index(solomonTiny, "    0 ")],
			`c101.txt: unexpected end of file: no CUSTOMER rows`, 0, ""},
		{"solomon vehicle line", ReadSolomon, "c101.txt", edit(solomonTiny, 5, "25 200 3"),
			`c101.txt: line 5: VEHICLE line has 3 fields, want 2 (number, capacity)`, 5, ""},
		{"solomon capacity", ReadSolomon, "c101.txt", edit(solomonTiny, 5, "25 2OO"),
			`c101.txt: line 5: field "capacity": "2OO" is not an integer`, 5, "capacity"},
		{"solomon short row", ReadSolomon, "c101.txt", edit(solomonTiny, 11, "1 45 68 10 912 967"),
			`c101.txt: line 11: customer row has 6 fields, want 7 (id x y demand ready due service)`, 11, ""},
		{"solomon id order", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "3 45 70 30 825 870 90"),
			`c101.txt: line 12: field "id": id 3 out of order, want 2`, 12, "id"},
		{"solomon negative demand", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "2 45 70 -30 825 870 90"),
			`c101.txt: line 12: field "demand": "-30" is negative`, 12, "demand"},
		{"solomon depot demand", ReadSolomon, "c101.txt", edit(solomonTiny, 10, "0 40 50 5 0 1236 0"),
			`c101.txt: line 10: field "demand": the depot has demand 5, want 0`, 10, "demand"},
		{"solomon empty window", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "2 45 70 30 870 825 90"),
			`c101.txt: line 12: field "due": due 825 is before ready 870`, 12, "due"},
		{"solomon NaN", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "2 NaN 70 30 825 870 90"),
			`c101.txt: line 12: field "x": "NaN" is not a finite number`, 12, "x"},
		{"solomon huge demand", ReadSolomon, "c101.txt", edit(solomonTiny, 12, "2 45 70 99999999999 825 870 90"),
			`c101.txt: line 12: field "demand": "99999999999" is out of range`, 12, "demand"},
		{"solomon text after rows", ReadSolomon, "c101.txt", solomonTiny + "EOF\r\n",
			`c101.txt: line 13: field "id": "EOF" is not a number`, 13, "id"},
		{"solomon long line", ReadSolomon, "c101.txt", solomonTiny + strings.Repeat("9", maxLine+1),
			`c101.txt: line 13: line longer than 1048576 bytes`, 13, ""},

		{"lilim first line", ReadLiLim, "lc101.txt", edit(liLimTiny, 1, "25\t200"),
			`lc101.txt: line 1: first line has 2 fields, want 3 (vehicles, capacity, speed)`, 1, ""},
		{"lilim row fields", ReadLiLim, "lc101.txt", edit(liLimTiny, 3, "1\t45\t68\t-10\t912\t967\t90\t2"),
			`lc101.txt: line 3: task row has 8 fields, want 9 (id x y demand early late service p d)`, 3, ""},
		{"lilim sibling", ReadLiLim, "lc101.txt", edit(liLimTiny, 4, "2\t45\t70\t10\t825\t870\t90\t0\t2"),
			`lc101.txt: line 3: field "pickup": task 2 does not name 1 as its delivery`, 3, "pickup"},
		{"lilim sibling range", ReadLiLim, "lc101.txt", edit(liLimTiny, 4, "2\t45\t70\t10\t825\t870\t90\t0\t7"),
			`lc101.txt: line 3: field "pickup": task 2 does not name 1 as its delivery`, 3, "pickup"},
		{"lilim demand mismatch", ReadLiLim, "lc101.txt", edit(liLimTiny, 4, "2\t45\t70\t20\t825\t870\t90\t0\t1"),
			`lc101.txt: line 4: field "demand": picks up 20 but delivery 1 drops 10`, 4, "demand"},
		{"lilim zero demand", ReadLiLim, "lc101.txt", edit(liLimTiny, 4, "2\t45\t70\t0\t825\t870\t90\t0\t1"),
			`lc101.txt: line 4: field "demand": a task must have a non-zero demand`, 4, "demand"},
		{"lilim depot", ReadLiLim, "lc101.txt", edit(liLimTiny, 2, "0\t40\t50\t0\t0\t1236\t0\t0\t1"),
			`lc101.txt: line 2: the depot must have demand, p and d 0`, 2, ""},
		{"lilim pickup with p", ReadLiLim, "lc101.txt", edit(liLimTiny, 4, "2\t45\t70\t10\t825\t870\t90\t1\t1"),
			`lc101.txt: line 4: field "pickup": a pickup (demand > 0) must have p = 0, not 1`, 4, "pickup"},
		{"lilim no tasks", ReadLiLim, "lc101.txt", "25\t200\t1\r\n",
			`lc101.txt: unexpected end of file: no task rows`, 0, ""},

		{"cordeau type", ReadCordeau, "p01.txt", edit(cordeauTiny, 1, "6 1 2 2"),
			`p01.txt: line 1: field "type": type 6 is not supported, want 2 (MDVRP)`, 1, "type"},
		{"cordeau depot line", ReadCordeau, "p01.txt", edit(cordeauTiny, 3, "0 80 1"),
			`p01.txt: line 3: depot line has 3 fields, want 2 (max duration, capacity)`, 3, ""},
		{"cordeau combinations", ReadCordeau, "p01.txt", edit(cordeauTiny, 5, "2 49 49 0 30 1 4 1 2 4"),
			`p01.txt: line 5: field "combinations": 3 combinations listed, header says 4`, 5, "combinations"},
		{"cordeau service", ReadCordeau, "p01.txt", edit(cordeauTiny, 4, "1 37 52 -1 7 1 4 1 2 4 8"),
			`p01.txt: line 4: field "service": "-1" is negative`, 4, "service"},
		{"cordeau depot id", ReadCordeau, "p01.txt", edit(cordeauTiny, 7, "5 30 40 0 0 0 0"),
			`p01.txt: line 7: field "id": depot id 5 out of order, want 4`, 7, "id"},
		{"cordeau truncated", ReadCordeau, "p01.txt", cordeauTiny[:strings.Index(cordeauTiny, " 3 20")],
			`p01.txt: unexpected end of file: read 0 of 2 depot coordinate lines`, 0, ""},
		{"cordeau extra", ReadCordeau, "p01.txt", cordeauTiny + "\n5 1 1 0 0 0 0\n",
			`p01.txt: line 8: unexpected line after the 2 depot lines`, 8, ""},
		{"cordeau no depots", ReadCordeau, "p01.txt", "2 1 2 0\n",
			`p01.txt: line 1: field "depots": no depots`, 1, "depots"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := tt.read(strings.NewReader(tt.input), tt.file)
			if err == nil {
				t.Fatalf("got %+v, want error %s", in, tt.want)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T %v, want *FormatError", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if fe.Line != tt.line || fe.Field != tt.field || fe.File != tt.file {
				t.Errorf("got File, Line, Field = %q, %d, %q, want %q, %d, %q", fe.File, fe.Line, fe.Field, tt.file, tt.line, tt.field)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadErrorWrapped(t *testing.T) {
	_, err := ReadSolomon(failingReader{}, "c101.txt")
	var fe *FormatError
	if err == nil || errors.As(err, &fe) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v, want the read error wrapped, not a FormatError", err)
	}
}

func TestParseBKS(t *testing.T) {
	got, err := ParseBKS(strings.NewReader("optimal,bks_cost,instance,extra\r\ntrue,12.5,a,x\r\nfalse,3,b,\r\n"), "bks.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got["a"] != (BKS{"a", 12.5, 0, true}) || got["b"] != (BKS{"b", 3, 0, false}) || len(got) != 2 {
		t.Errorf("got %+v", got)
	}
	bad := []struct{ input, want string }{
		{"", `bks.csv: empty file, want a header`},
		{"instance,cost\n", `bks.csv: line 1: field "bks_cost": no column "bks_cost" in the header`},
		{"instance,bks_cost\na,x\n", `bks.csv: line 2: field "bks_cost": "x" is not a finite number >= 0`},
		{"instance,bks_cost\na,-1\n", `bks.csv: line 2: field "bks_cost": "-1" is not a finite number >= 0`},
		{"instance,bks_cost\na,1\na,2\n", `bks.csv: line 3: field "instance": "a" listed twice`},
		{"instance,bks_cost,bks_vehicles\na,1,x\n", `bks.csv: line 2: field "bks_vehicles": "x" is not a count`},
		{"instance,bks_cost,optimal\na,1,yes\n", `bks.csv: line 2: field "optimal": "yes" is not true or false`},
		{"instance,bks_cost\na\n", `bks.csv: line 2: field "bks_cost": missing`},
		{"instance,bks_cost\n\"a,1\n", `bks.csv: line 2: extraneous or missing " in quoted-field`},
	}
	for _, tt := range bad {
		_, err := ParseBKS(strings.NewReader(tt.input), "bks.csv")
		var fe *FormatError
		if !errors.As(err, &fe) || err.Error() != tt.want {
			t.Errorf("ParseBKS(%q): got %v, want %s", tt.input, err, tt.want)
		}
	}
}
