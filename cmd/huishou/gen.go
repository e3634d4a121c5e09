package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// genKinds holds the `huishou gen KIND` generators, registered in init by
// the files that implement them (gen_ledger.go: ledger; ops: bookings).
var genKinds = map[string]*command{}

func registerGen(c *command) {
	if _, dup := genKinds[c.Name]; dup {
		panic("huishou: duplicate gen kind " + c.Name)
	}
	genKinds[c.Name] = c
}

func init() {
	register(&command{
		Name:    "gen",
		Summary: "generate realistic input data (see the kinds below)",
		Usage:   "huishou gen KIND [flags]   (huishou gen KIND -h)",
		Example: "huishou gen ledger --scenario sichuan --county 510104 --from 2025-01-01 --days 90 --out ledger.jsonl",
		Run: func(args []string, stdout, stderr io.Writer) error {
			kinds := make([]string, 0, len(genKinds))
			for k := range genKinds {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
			if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
				fmt.Fprintf(stderr, "usage: huishou gen KIND [flags]\n\nkinds: %s\n", strings.Join(kinds, ", "))
				for _, k := range kinds {
					fmt.Fprintf(stderr, "  %-9s %s\n", k, genKinds[k].Summary)
				}
				if len(args) == 0 {
					return errUsage
				}
				return nil
			}
			c, ok := genKinds[args[0]]
			if !ok {
				return fmt.Errorf("unknown kind %q (one of %s)", args[0], strings.Join(kinds, ", "))
			}
			return c.Run(args[1:], stdout, stderr)
		},
	})
}
