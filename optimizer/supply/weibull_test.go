package supply

import (
	"math"
	"testing"
)

func closeRel(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestWeibullFromMean(t *testing.T) {
	for _, tc := range []struct{ mean, k float64 }{{10, 3}, {8.5, 2.5}, {3, 2}, {6, 1}, {12, 0.7}} {
		tol := 1e-7
		if tc.k < 1 {
			tol = 1e-6
		}
		w := WeibullFromMean(tc.mean, tc.k)
		if want := tc.mean / math.Gamma(1+1/tc.k); w.Scale != want {
			t.Errorf("mean %g k %g: scale got %g, want %g", tc.mean, tc.k, w.Scale, want)
		}
		if got := w.Mean(); !closeRel(got, tc.mean, 1e-12) {
			t.Errorf("mean %g k %g: Mean() got %g", tc.mean, tc.k, got)
		}
		// Mean = ∫_0^∞ S(t) dt: the quadrature over whole years must agree.
		sum := 0.0
		for a := range w.maxAge() {
			sum += w.survivalIntegral(float64(a))
		}
		if !closeRel(sum, tc.mean, tol) {
			t.Errorf("mean %g k %g: Σ∫S got %.10g, want %g", tc.mean, tc.k, sum, tc.mean)
		}
	}
}

// TestCohortsSteadyState: with constant sales s for longer than any unit
// lives, retirements per year equal s and the stock equals s·mean life.
func TestCohortsSteadyState(t *testing.T) {
	const s = 100.0
	for _, tc := range []struct{ mean, k float64 }{{10, 3}, {8.5, 3}, {11, 3}, {9, 2.5}, {6, 2}, {3, 2}, {10, 1}, {10, 0.7}} {
		tol := 1e-9
		if tc.k < 1 {
			tol = 1e-6 // heavy tail truncated at maxAge
		}
		w := WeibullFromMean(tc.mean, tc.k)
		sales := make([]float64, 2100)
		for i := range sales {
			sales[i] = s
		}
		ret, use := Cohorts(sales, w)
		last := len(sales) - 1
		if !closeRel(ret[last], s, tol) {
			t.Errorf("mean %g k %g: retired got %.12g, want %g", tc.mean, tc.k, ret[last], s)
		}
		if !closeRel(use[last], s*tc.mean, 1e-7) {
			t.Errorf("mean %g k %g: in use got %.12g, want %g", tc.mean, tc.k, use[last], s*tc.mean)
		}
		// The same through retireRatio (steady state: 1/mean).
		r, err := retireRatio(w, nil, 0)
		if err != nil || !closeRel(r, 1/tc.mean, 1e-7) {
			t.Errorf("mean %g k %g: retireRatio got %g, %v, want %g", tc.mean, tc.k, r, err, 1/tc.mean)
		}
	}
}

// TestCohortsSingleCohort: one cohort of 1 unit sold in year 0 retires
// F(a+1)−F(a) in calendar year a (its (a+1)-th year of life), with
// F(t) = 1−exp(−(t/λ)^k), λ = mean/Γ(1+1/k); the mean number in use during
// year a is ∫_a^{a+1} S, which has closed forms for k = 1 (exponential) and
// k = 2 (Rayleigh, via erf).
func TestCohortsSingleCohort(t *testing.T) {
	for _, tc := range []struct{ mean, k float64 }{{10, 3}, {6, 2}, {5, 1}, {9, 2.5}} {
		lambda := tc.mean / math.Gamma(1+1/tc.k)
		F := func(x float64) float64 { return 1 - math.Exp(-math.Pow(x/lambda, tc.k)) }
		sales := make([]float64, 40)
		sales[0] = 1
		ret, use := Cohorts(sales, WeibullFromMean(tc.mean, tc.k))
		total := 0.0
		for a := range sales {
			total += ret[a]
			if want := F(float64(a+1)) - F(float64(a)); !closeRel(ret[a], want, 1e-12) {
				t.Errorf("mean %g k %g year %d: retired got %.15g, want %.15g", tc.mean, tc.k, a, ret[a], want)
			}
			var want float64
			switch tc.k {
			case 1:
				want = lambda * (math.Exp(-float64(a)/lambda) - math.Exp(-float64(a+1)/lambda))
			case 2:
				want = lambda * math.Sqrt(math.Pi) / 2 * (math.Erf(float64(a+1)/lambda) - math.Erf(float64(a)/lambda))
			default:
				continue
			}
			if !closeRel(use[a], want, 1e-10) {
				t.Errorf("mean %g k %g year %d: in use got %.15g, want %.15g", tc.mean, tc.k, a, use[a], want)
			}
		}
		if want := F(40); !closeRel(total, want, 1e-12) {
			t.Errorf("mean %g k %g: Σ retired got %g, want F(40) = %g", tc.mean, tc.k, total, want)
		}
	}
}

// TestRetireRatioGrowth: a growing market has a younger stock, hence fewer
// retirements per unit in use than the steady state 1/mean; a shrinking one
// more. A sales history equal to the geometric series must give the same
// ratio as SalesGrowth.
func TestRetireRatioGrowth(t *testing.T) {
	w := WeibullFromMean(10, 3)
	up, _ := retireRatio(w, nil, 0.05)
	down, _ := retireRatio(w, nil, -0.05)
	if !(up < 0.1 && down > 0.1) {
		t.Errorf("got ratio %g at +5 %%/yr and %g at −5 %%/yr, want < 0.1 < ", up, down)
	}
	hist := make([]float64, w.maxAge()+1)
	for i := range hist {
		hist[i] = math.Pow(1.05, float64(i))
	}
	h, _ := retireRatio(w, hist, 0)
	if !closeRel(h, up, 1e-9) {
		t.Errorf("history ratio got %g, want %g", h, up)
	}
}
