package geo

import "fmt"

// Matrix is a dense N×N matrix of travel distances (metres) and durations
// (seconds), stored flat and row-major: the entry from i to j is at i*N+j.
// float32 keeps a 10,000-point matrix (both halves) under 800 MB.
type Matrix struct {
	N    int       // number of points
	Dist []float32 // metres
	Dur  []float32 // seconds
}

// NewMatrix returns a zeroed n×n matrix.
func NewMatrix(n int) *Matrix {
	return &Matrix{N: n, Dist: make([]float32, n*n), Dur: make([]float32, n*n)}
}

// Distance returns the distance in metres from i to j.
func (m *Matrix) Distance(i, j int) float64 { return float64(m.Dist[i*m.N+j]) }

// Duration returns the duration in seconds from i to j.
func (m *Matrix) Duration(i, j int) float64 { return float64(m.Dur[i*m.N+j]) }

// Validate checks the shape and that every entry is finite and non-negative.
func (m *Matrix) Validate() error {
	if m.N < 0 || len(m.Dist) != m.N*m.N || len(m.Dur) != m.N*m.N {
		return fmt.Errorf("geo: matrix: want %d×%d entries, have %d distances and %d durations", m.N, m.N, len(m.Dist), len(m.Dur))
	}
	for k := range m.Dist {
		d, t := m.Dist[k], m.Dur[k]
		if !(d >= 0) || !(t >= 0) || d > 3e38 || t > 3e38 {
			return fmt.Errorf("geo: matrix: entry [%d][%d] is not a finite non-negative number (distance %v, duration %v)", k/m.N, k%m.N, d, t)
		}
	}
	return nil
}

// Subset returns the matrix between the points idx (indices into m), in
// that order: entry (a, b) of the result is entry (idx[a], idx[b]) of m.
// It panics if an index is out of range.
func (m *Matrix) Subset(idx []int) *Matrix {
	s := NewMatrix(len(idx))
	for a, i := range idx {
		row := i * m.N
		for b, j := range idx {
			s.Dist[a*s.N+b] = m.Dist[row+j]
			s.Dur[a*s.N+b] = m.Dur[row+j]
		}
	}
	return s
}
