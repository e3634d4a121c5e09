package cflp

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/huishou/huishou/optimizer/locate"
)

// TestProfileInstance solves one instance named by CFLP_PROFILE (file) with
// CFLP_CAP (capacity placeholder) and CFLP_SS=1 for single-sourcing; it is
// skipped otherwise. Use with -cpuprofile.
func TestProfileInstance(t *testing.T) {
	path := os.Getenv("CFLP_PROFILE")
	if path == "" {
		t.Skip("CFLP_PROFILE not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss := os.Getenv("CFLP_SS") == "1"
	nodes, _ := strconv.Atoi(os.Getenv("CFLP_NODES"))
	var in *Instance
	if ss {
		in, err = ReadHolmberg(path, f)
	} else {
		c, _ := strconv.ParseFloat(os.Getenv("CFLP_CAP"), 64)
		in, err = ReadORLib(path, f, c)
	}
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := strconv.Atoi(os.Getenv("CFLP_REPEAT"))
	for range rep {
		locate.Solve(context.Background(), in.Problem(ss), locate.Options{TimeLimit: 300 * time.Second})
	}
	start := time.Now()
	sol, err := locate.Solve(context.Background(), in.Problem(ss), locate.Options{TimeLimit: 300 * time.Second, MaxNodes: nodes,
		Progress: func(p locate.Progress) {
			t.Logf("%.2fs cost %.3f bound %.3f nodes %d", p.Elapsed.Seconds(), p.Cost, p.LowerBound, p.Nodes)
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cost %.3f bound %.3f proved %v nodes %d iters %d in %v", sol.Cost, sol.LowerBound, sol.Proved, sol.Stats.Nodes, sol.Stats.Iterations, time.Since(start))
}
