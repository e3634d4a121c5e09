// Command huishou is the one binary of Huishou: it plans reverse-logistics
// networks for old household appliances and routes their daily pickups.
//
// Every subcommand lives in its own file and registers itself in init with
// register; `huishou help` lists them and `huishou CMD -h` explains one.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand of the binary.
type command struct {
	Name    string
	Summary string // one line for `huishou help`
	Usage   string // "huishou NAME [flags]" line(s)
	Example string // a real command line
	// Run parses args (everything after the subcommand name) and does the
	// work. It writes results to stdout and progress to stderr.
	Run func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("huishou: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// newFlagSet returns a flag set for c whose -h prints the usage, the flags
// and the example.
func newFlagSet(c *command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nusage: %s\n\nflags:\n", c.Summary, c.Usage)
		fs.PrintDefaults()
		if c.Example != "" {
			fmt.Fprintf(stderr, "\nexample:\n  %s\n", c.Example)
		}
	}
	return fs
}

// errUsage marks an error already explained by the usage text.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				newFlagSet(c, stdout).Usage()
				return 0
			}
		}
		printHelp(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "huishou: unknown command %q (see 'huishou help')\n", args[0])
		return 2
	}
	if err := c.Run(args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if errors.Is(err, errUsage) {
			return 2
		}
		fmt.Fprintf(stderr, "huishou %s: %v\n", c.Name, err)
		return 1
	}
	return 0
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "huishou — plans recycling networks for old household appliances and routes their pickups")
	fmt.Fprintln(w, "\nusage: huishou COMMAND [flags]    (huishou COMMAND -h for its flags and an example)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w, "  help       this list; 'huishou help COMMAND' explains one")
}

// benchKinds holds the `huishou bench KIND` runners, registered in init by
// the files that implement them.
var benchKinds = map[string]*command{}

func registerBench(c *command) {
	if _, dup := benchKinds[c.Name]; dup {
		panic("huishou: duplicate bench kind " + c.Name)
	}
	benchKinds[c.Name] = c
}

func init() {
	register(&command{
		Name:    "bench",
		Summary: "run a solver on a standard benchmark set and compare with best-known values",
		Usage:   "huishou bench KIND --dir DIR [flags]   (KIND: see below; huishou bench KIND -h)",
		Example: "huishou bench cvrp --dir ../shared/benchmarks/cvrp/X --instances X-n101-k25 --time 10s",
		Run: func(args []string, stdout, stderr io.Writer) error {
			kinds := make([]string, 0, len(benchKinds))
			for k := range benchKinds {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
			if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
				fmt.Fprintf(stderr, "usage: huishou bench KIND --dir DIR [flags]\n\nkinds: %s\n", strings.Join(kinds, ", "))
				for _, k := range kinds {
					fmt.Fprintf(stderr, "  %-8s %s\n", k, benchKinds[k].Summary)
				}
				if len(args) == 0 {
					return errUsage
				}
				return nil
			}
			c, ok := benchKinds[args[0]]
			if !ok {
				return fmt.Errorf("unknown benchmark kind %q (one of %s)", args[0], strings.Join(kinds, ", "))
			}
			return c.Run(args[1:], stdout, stderr)
		},
	})
}

// parseFlags parses args into fs. Asking for help returns flag.ErrHelp
// (exit 0); a bad flag, already explained by the flag package and the
// usage text, returns errUsage (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}
