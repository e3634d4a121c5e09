//go:build unix

package flow

import "syscall"

// cpuTime returns the user+system CPU time of the process in nanoseconds;
// benchmarks report it beside wall time because the benchmark machine is
// shared.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
