// Package cputime measures the process's CPU time for the benchmark
// runners, which report it beside wall time (the machine is shared, so
// wall time alone misleads).
package cputime
