// Command vulngate reads govulncheck's JSON output (-format json) on
// standard input and fails when the code calls a known vulnerability that
// is not accepted in the file named by -accepted (one "GO-YYYY-NNNN reason"
// per line; # starts a comment). It prints every finding the code calls,
// accepted or not, and warns about accepted ids that no longer show up, so
// that the list cannot outlive its reasons unnoticed.
//
//	govulncheck -db file://DIR -format json ./... | go run ./.ci/vulngate -accepted .ci/govulncheck-accepted
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
}

type message struct {
	Config *struct {
		DB         string `json:"db"`
		GoVersion  string `json:"go_version"`
		ScanLevel  string `json:"scan_level"`
		ScannerVer string `json:"scanner_version"`
	} `json:"config"`
	OSV *struct {
		ID      string `json:"id"`
		Summary string `json:"summary"`
	} `json:"osv"`
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

func main() {
	acceptedPath := flag.String("accepted", "", "file of accepted vulnerability ids with their reasons")
	flag.Parse()
	accepted, err := readAccepted(*acceptedPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulngate:", err)
		os.Exit(2)
	}
	summary := map[string]string{}
	called := map[string]string{} // id → "module@version (fixed in …)"
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	sawConfig := false
	for {
		var m message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "vulngate: reading govulncheck output:", err)
			os.Exit(2)
		}
		switch {
		case m.Config != nil:
			sawConfig = true
			fmt.Printf("govulncheck %s, %s, db %s, scan level %s\n", m.Config.ScannerVer, m.Config.GoVersion, m.Config.DB, m.Config.ScanLevel)
		case m.OSV != nil:
			summary[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0 && m.Finding.Trace[0].Function != "":
			f := m.Finding
			fixed := f.FixedVersion
			if fixed == "" {
				fixed = "no fix"
			}
			called[f.OSV] = fmt.Sprintf("%s@%s (fixed in %s), e.g. %s.%s", f.Trace[0].Module, f.Trace[0].Version, fixed, f.Trace[0].Package, f.Trace[0].Function)
		}
	}
	if !sawConfig {
		fmt.Fprintln(os.Stderr, "vulngate: no govulncheck output on standard input")
		os.Exit(2)
	}
	ids := make([]string, 0, len(called))
	for id := range called {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	bad := 0
	for _, id := range ids {
		if why, ok := accepted[id]; ok {
			fmt.Printf("accepted %s: %s\n    %s\n    accepted because: %s\n", id, summary[id], called[id], why)
			continue
		}
		bad++
		fmt.Printf("VULNERABLE %s: %s\n    %s\n", id, summary[id], called[id])
	}
	for id := range accepted {
		if _, ok := called[id]; !ok {
			fmt.Printf("note: accepted %s is no longer called: remove it from %s\n", id, *acceptedPath)
		}
	}
	fmt.Printf("%d called vulnerabilities, %d accepted, %d not accepted\n", len(ids), len(ids)-bad, bad)
	if bad > 0 {
		os.Exit(1)
	}
}

// readAccepted reads "ID reason…" lines; every id needs a reason.
func readAccepted(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, why, _ := strings.Cut(line, " ")
		if !strings.HasPrefix(id, "GO-") || strings.TrimSpace(why) == "" {
			return nil, fmt.Errorf("%s:%d: want \"GO-YYYY-NNNN reason\"", path, n+1)
		}
		out[id] = strings.TrimSpace(why)
	}
	return out, nil
}
