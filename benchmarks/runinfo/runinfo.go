// Package runinfo describes where and when a benchmark ran: the machine,
// the Go version and source revision of the binary, the date and the load
// others put on the shared machine. Saved benchmark runs start with it so
// that a table rebuilt from them can say what it measured.
package runinfo

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Machine describes where and when a benchmark ran.
type Machine struct {
	Date     string  `json:"date"` // UTC, RFC 3339
	CPU      string  `json:"cpu"`
	Cores    int     `json:"cores"`
	Go       string  `json:"go"`                 // the toolchain that built the binary
	Revision string  `json:"revision,omitempty"` // the commit it was built from
	Modified bool    `json:"modified,omitempty"` // built with uncommitted changes
	Load1    float64 `json:"load1"`              // load average when the run started
}

// Current returns the running binary's Machine, dated now.
func Current() Machine {
	m := Machine{Date: time.Now().UTC().Format(time.RFC3339), Cores: runtime.NumCPU(), Go: runtime.Version(), Load1: Load1()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				m.CPU = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				m.Revision = s.Value
			case "vcs.modified":
				m.Modified = s.Value == "true"
			}
		}
	}
	return m
}

// Load1 returns the one-minute load average (0 where unknown).
func Load1() float64 {
	var l float64
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(b), "%f", &l)
	}
	return l
}

// Short is the revision's first 7 characters, with "+" when modified.
func (m Machine) Short() string {
	r := m.Revision
	if len(r) > 7 {
		r = r[:7]
	}
	if r == "" {
		r = "?"
	}
	if m.Modified {
		r += "+"
	}
	return r
}
