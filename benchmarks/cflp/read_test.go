package cflp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huishou/huishou/internal/sharedtest"
)

const orlibSmall = "2 3\r\n 10 7500.\r\n capacity 0.\r\n5 1.5 2\r\n 6\n 3. 4.25\n7 5 6\n"

func TestReadORLib(t *testing.T) {
	in, err := ReadORLib("small.txt", strings.NewReader(orlibSmall), 99)
	if err != nil {
		t.Fatal(err)
	}
	if in.M != 2 || in.N != 3 {
		t.Fatalf("got %d×%d, want 2×3", in.M, in.N)
	}
	if in.Capacity[0] != 10 || in.Capacity[1] != 99 || in.Fixed[0] != 7500 || in.Fixed[1] != 0 {
		t.Fatalf("facilities: got cap %v fixed %v", in.Capacity, in.Fixed)
	}
	// customer-major in the file, facility-major in Cost
	want := []float64{1.5, 3, 5, 2, 4.25, 6}
	for k, w := range want {
		if in.Cost[k] != w {
			t.Fatalf("Cost[%d]: got %v, want %v (all %v)", k, in.Cost[k], w, in.Cost)
		}
	}
	if in.Demand[0] != 5 || in.Demand[1] != 6 || in.Demand[2] != 7 {
		t.Fatalf("demand: got %v", in.Demand)
	}
	if _, err := ReadORLib("small.txt", strings.NewReader(orlibSmall), 0); err == nil ||
		!strings.Contains(err.Error(), `token 5 (line 3): capacity s[1]: "capacity" needs a capacity value`) {
		t.Fatalf("got %v, want an error naming the capacity placeholder", err)
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"not a number", "2 1\n1 1\n1 1\n5\n1 abc\n", `cap.txt: token 9 (line 5): cost c[1][0]: "abc" is not a number`},
		{"truncated", "2 1\n1 1\n1 1\n5\n1\n", `cap.txt: token 9 (line 6): cost c[1][0]: unexpected end of input`},
		{"bad header", "x 1\n", `cap.txt: token 1 (line 1): number of facilities m: "x" is not a whole number`},
		{"huge header", "100000 100000\n", `cap.txt: token 2 (line 1): number of customers n: "100000" gives`},
		{"nan", "1 1\n1 NaN\n", `cap.txt: token 4 (line 2): fixed cost f[0]: "NaN" is not a number`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadORLib("cap.txt", strings.NewReader(c.data), 0)
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestReadHolmberg(t *testing.T) {
	data := "2 3\r\n10 5.\r\n20 6.\r\n1. 2. 3.\r\n4 5 6\r\n7 8 9\r\n\x00\x00\x00junk 1 2"
	in, err := ReadHolmberg("p0", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{4, 5, 6, 7, 8, 9}
	for k, w := range want {
		if in.Cost[k] != w {
			t.Fatalf("Cost[%d]: got %v, want %v", k, in.Cost[k], w)
		}
	}
	if in.Demand[2] != 3 || in.Capacity[1] != 20 || in.Fixed[1] != 6 {
		t.Fatalf("got demand %v capacity %v fixed %v", in.Demand, in.Capacity, in.Fixed)
	}
	if _, err := ReadHolmberg("p0", strings.NewReader("2 3\r\n10 5.\r\n20 6.\r\n1. 2. 3.\r\n4 5 6\r\n7 8\x009")); err == nil ||
		!strings.Contains(err.Error(), "token 15 (line 6): cost c[1][2]: unexpected end of input") {
		t.Fatalf("got %v, want end of input at s[1] (data after NUL ignored)", err)
	}
}

// TestReadShared reads every shared instance file (it fails without
// ../shared).
func TestReadShared(t *testing.T) {
	for _, c := range []struct {
		dir  string
		kind Kind
	}{{sharedtest.Path(t, "benchmarks/cflp/orlib"), CFLP}, {sharedtest.Path(t, "benchmarks/sscflp/holmberg"), SSCFLP}} {
		rows, err := ReadBKS(filepath.Join(c.dir, "bks.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range rows {
			in, err := Load(c.dir, c.kind, b)
			if err != nil {
				t.Fatalf("%s: %v", b.Instance, err)
			}
			if len(in.Cost) != in.M*in.N {
				t.Fatalf("%s: %d costs for %d×%d", b.Instance, len(in.Cost), in.M, in.N)
			}
		}
	}
}

func fuzzSeeds(f *testing.F) {
	f.Add([]byte(orlibSmall))
	f.Add([]byte("2 3\r\n10 5.\r\n20 6.\r\n1. 2. 3.\r\n4 5 6\r\n7 8 9\r\n\x00junk"))
	for _, p := range []string{sharedtest.Optional("benchmarks/cflp/orlib/cap41.txt"), sharedtest.Optional("benchmarks/sscflp/holmberg/p1")} {
		if b, err := os.ReadFile(p); p != "" && err == nil {
			f.Add(b)
		}
	}
}

func checkParsed(t *testing.T, in *Instance, err error) {
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		return
	}
	if in.M <= 0 || in.N <= 0 || len(in.Cost) != in.M*in.N || len(in.Demand) != in.N || len(in.Capacity) != in.M {
		t.Fatalf("inconsistent instance %d×%d", in.M, in.N)
	}
}

func FuzzReadORLib(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadORLib("fuzz", bytes.NewReader(data), 100)
		checkParsed(t, in, err)
	})
}

func FuzzReadHolmberg(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadHolmberg("fuzz", bytes.NewReader(data))
		checkParsed(t, in, err)
	})
}
