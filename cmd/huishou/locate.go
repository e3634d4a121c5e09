package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/huishou/huishou/benchmarks/cflp"
	"github.com/huishou/huishou/optimizer/locate"
	"github.com/huishou/huishou/optimizer/locate/locateio"
)

func init() {
	register(&command{
		Name:    "locate",
		Summary: "solve a facility-location problem with a proven lower bound",
		Usage:   "huishou locate --in FILE --format orlib|holmberg|json [--capacity C] [--sourcing multi|single] [--time 10s] [--out FILE] [--lp FILE]",
		Example: "huishou locate --in ../shared/benchmarks/cflp/orlib/capa.txt --format orlib --capacity 8000 --time 30s",
		Run:     runLocate,
	})
}

func runLocate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["locate"], stderr)
	inPath := fs.String("in", "", "input file")
	format := fs.String("format", "", "orlib (multi-sourcing), holmberg (single-sourcing) or json (generic model); default from the file name")
	capacity := fs.Float64("capacity", 0, "value for the `capacity` placeholder of OR-Library capa/capb/capc files")
	sourcing := fs.String("sourcing", "", "multi or single (default: multi for orlib, single for holmberg, the file's for json)")
	limit := fs.Duration("time", 10*time.Second, "time limit")
	outPath := fs.String("out", "", "write the JSON answer here instead of stdout")
	lpPath := fs.String("lp", "", "write the problem as a MILP in CPLEX LP format to this file (for a general solver) and do not solve")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *inPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	data, err := os.ReadFile(*inPath)
	if err != nil {
		return err
	}
	name := filepath.Base(*inPath)
	if *format == "" {
		switch {
		case filepath.Ext(name) == ".json":
			*format = "json"
		case len(name) > 3 && name[:3] == "cap":
			*format = "orlib"
		default:
			*format = "holmberg"
		}
	}
	var p *locate.Problem
	switch *format {
	case "orlib", "holmberg":
		var in *cflp.Instance
		if *format == "orlib" {
			in, err = cflp.ReadORLib(name, bytes.NewReader(data), *capacity)
		} else {
			in, err = cflp.ReadHolmberg(name, bytes.NewReader(data))
		}
		if err != nil {
			return err
		}
		single := *format == "holmberg"
		switch *sourcing {
		case "single":
			single = true
		case "multi":
			single = false
		}
		p = in.Problem(single)
	case "json":
		if p, err = locateio.Read(bytes.NewReader(data)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		switch *sourcing {
		case "single":
			p.SingleSource = true
		case "multi":
			p.SingleSource = false
		}
	default:
		return fmt.Errorf("unknown format %q (orlib, holmberg or json)", *format)
	}
	if *lpPath != "" {
		return writeLPFile(*lpPath, p)
	}
	pr := newProgress(stderr, "locate "+name)
	sol, err := locate.Solve(context.Background(), p, locate.Options{TimeLimit: *limit, Progress: func(g locate.Progress) {
		pr.Text("cost %.3f  bound %.3f  nodes %d  %.1fs", g.Cost, g.LowerBound, g.Nodes, g.Elapsed.Seconds())
	}})
	pr.Done()
	if err != nil {
		return err
	}
	out := locateio.NewAnswer(sol, *format == "json")
	w := stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := locateio.Write(w, out); err != nil {
		return err
	}
	if *outPath != "" {
		return w.(*os.File).Close()
	}
	return nil
}

// writeLPFile writes p as a CPLEX LP file at path.
func writeLPFile(path string, p *locate.Problem) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := locate.WriteLP(f, p); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
