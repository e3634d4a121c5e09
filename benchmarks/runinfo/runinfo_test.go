package runinfo

import (
	"runtime"
	"testing"
	"time"
)

func TestCurrent(t *testing.T) {
	m := Current()
	if m.Go != runtime.Version() || m.Cores != runtime.NumCPU() {
		t.Errorf("got go %q cores %d, want %q %d", m.Go, m.Cores, runtime.Version(), runtime.NumCPU())
	}
	if _, err := time.Parse(time.RFC3339, m.Date); err != nil {
		t.Errorf("date %q: %v", m.Date, err)
	}
}

func TestShort(t *testing.T) {
	for _, c := range []struct {
		m    Machine
		want string
	}{
		{Machine{Revision: "0123456789abcdef"}, "0123456"},
		{Machine{Revision: "0123456789abcdef", Modified: true}, "0123456+"},
		{Machine{}, "?"},
	} {
		if got := c.m.Short(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
