package vrptw

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Heads of real files, kept here so the fuzz seeds do not depend on the
// shared data being present.
const (
	solomonHead = "R201\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  25         1000\r\n\r\nCUSTOMER\r\n" +
		"CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r\n" +
		"    0      35         35          0          0       1000          0   \r\n" +
		"    1      41         49         10        707        848         10   \r\n"
	liLimHead = "25\t200\t1\r\n0\t35\t35\t0\t0\t230\t0\t0\t0\r\n1\t41\t49\t10\t0\t204\t10\t0\t76\r\n" +
		"2\t35\t17\t7\t0\t202\t10\t0\t74\r\n3\t55\t45\t-23\t0\t197\t10\t79\t0\r\n"
	cordeauHead = "2 5 240 4\n420 180\n420 180\n420 180\n420 180\n" +
		"  1  65.991 -49.829 20 10 1 4 1 2 4 8\n  2 -36.938 -36.743 20 25 1 4 1 2 4 8\n"
)

// addShared adds the start of each shared file in dir to the corpus.
func addShared(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join(shared, dir, "*.txt"))
	for i, p := range files {
		if i%8 != 0 { // a handful is enough
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		f.Add(string(b[:min(len(b), 2048)]))
	}
}

// fuzzRead checks a reader's contract on one input: no panic, errors are
// *FormatError, and what it accepts passes Validate and can be checked.
func fuzzRead(t *testing.T, read func(io.Reader, string) (*Instance, error), kind Kind, input string) {
	in, err := read(strings.NewReader(input), "fuzz.txt")
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("got %T %v, want *FormatError", err, err)
		}
		if fe.File != "fuzz.txt" || fe.Line < 0 || fe.Msg == "" {
			t.Fatalf("bad FormatError %+v", fe)
		}
		return
	}
	if in.Kind != kind {
		t.Fatalf("Kind = %q, want %q", in.Kind, kind)
	}
	if err := in.Validate(); err != nil {
		t.Fatalf("accepted instance fails Validate: %v", err)
	}
	// One route per depot with every customer, in order: Check must
	// evaluate it without error, whatever its verdict.
	isDepot := make(map[int]bool)
	for _, d := range in.Depots {
		isDepot[d] = true
	}
	var all []int
	for i := range in.Nodes {
		if !isDepot[i] {
			all = append(all, i)
		}
	}
	rep, err := Check(in, []Route{{Depot: len(in.Depots) - 1, Nodes: all}})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if rep.Feasible != (len(rep.Violations) == 0) {
		t.Fatalf("Feasible = %v with violations %q", rep.Feasible, rep.Violations)
	}
}

func FuzzReadSolomon(f *testing.F) {
	for _, s := range []string{solomonTiny, solomonHead, cordeauHead, liLimHead, "", "VEHICLE\n1 1\n0 0 0 0 0 0 0\n"} {
		f.Add(s)
	}
	addShared(f, "vrptw/solomon")
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, ReadSolomon, KindVRPTW, s) })
}

func FuzzReadLiLim(f *testing.F) {
	for _, s := range []string{liLimTiny, liLimHead, solomonHead, "1 1 1\n0 0 0 0 0 0 0 0 0\n"} {
		f.Add(s)
	}
	addShared(f, "pdptw/li_lim_100")
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, ReadLiLim, KindPDPTW, s) })
}

func FuzzReadCordeau(f *testing.F) {
	for _, s := range []string{cordeauTiny, cordeauHead, liLimHead, "2 0 0 1\n0 1\n1 0 0\n"} {
		f.Add(s)
	}
	addShared(f, "mdvrp/cordeau")
	f.Fuzz(func(t *testing.T, s string) { fuzzRead(t, ReadCordeau, KindMDVRP, s) })
}

func FuzzParseBKS(f *testing.F) {
	for _, s := range []string{
		"instance,bks_cost,bks_vehicles,optimal\r\nC101,828.94,10,false\r\n",
		"instance,bks_cost,bks_vehicles,optimal\np01,576.87,,false\n",
		"instance,bks_cost,bks_vehicles\nC101,828.94,10\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseBKS(strings.NewReader(s), "bks.csv")
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T %v, want *FormatError", err, err)
			}
			return
		}
		for k, b := range m {
			if k != b.Instance || k == "" || !(b.Cost >= 0) || b.Vehicles < 0 {
				t.Fatalf("bad row %q: %+v", k, b)
			}
		}
	})
}
