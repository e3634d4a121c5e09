package supply

import (
	"fmt"
	"math"
)

// Weibull is a lifetime distribution with CDF F(t) = 1 − exp(−(t/Scale)^Shape),
// t in years. Its mean is Scale·Γ(1+1/Shape).
type Weibull struct {
	Shape float64 // k > 0; k > 1 means wear-out (the hazard rises with age)
	Scale float64 // λ > 0, in years
}

// WeibullFromMean returns the Weibull distribution with the given mean life
// (years) and shape k: λ = mean/Γ(1+1/k).
func WeibullFromMean(mean, k float64) Weibull {
	return Weibull{Shape: k, Scale: mean / math.Gamma(1+1/k)}
}

// CDF returns F(t), the probability that a unit has been discarded by age t.
func (w Weibull) CDF(t float64) float64 {
	if t <= 0 {
		return 0
	}
	return -math.Expm1(-math.Pow(t/w.Scale, w.Shape))
}

// Survival returns S(t) = 1 − F(t), the probability that a unit is still in
// use at age t.
func (w Weibull) Survival(t float64) float64 {
	if t <= 0 {
		return 1
	}
	return math.Exp(-math.Pow(t/w.Scale, w.Shape))
}

// Mean returns the mean life λ·Γ(1+1/k).
func (w Weibull) Mean() float64 { return w.Scale * math.Gamma(1+1/w.Shape) }

// survivalIntegral returns ∫_a^{a+1} S(u) du by 10-point Gauss–Legendre
// quadrature on [a, a+1]. For k ≥ 1 the integrand is smooth and the error is
// far below 1e-9; for k < 1 the first interval is split geometrically to
// tame the infinite slope at 0.
func (w Weibull) survivalIntegral(a float64) float64 {
	if a == 0 && w.Shape < 1 {
		// [0,1] as ⋃ [2^-(j+1), 2^-j], plus the tiny remainder [0, 2^-40] ≈ its length.
		sum := math.Ldexp(1, -40)
		for j := range 40 {
			lo, hi := math.Ldexp(1, -(j+1)), math.Ldexp(1, -j)
			sum += w.gauss(lo, hi)
		}
		return sum
	}
	return w.gauss(a, a+1)
}

// 10-point Gauss–Legendre nodes and weights on [-1, 1].
var glX = [...]float64{
	-0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
	0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
}
var glW = [...]float64{
	0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963, 0.2955242247147529,
	0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881,
}

func (w Weibull) gauss(lo, hi float64) float64 {
	m, h := (lo+hi)/2, (hi-lo)/2
	s := 0.0
	for i, x := range glX {
		s += glW[i] * w.Survival(m+h*x)
	}
	return s * h
}

// maxAge returns the age in whole years beyond which S(t) < 1e-12, capped at
// 2000 years: cohorts older than that no longer matter.
func (w Weibull) maxAge() int {
	t := w.Scale * math.Pow(-math.Log(1e-12), 1/w.Shape)
	if t > 2000 || math.IsNaN(t) {
		return 2000
	}
	return int(math.Ceil(t)) + 1
}

// Cohorts runs the discrete cohort (stock-and-flow) model on a sales series.
// sales[y] is the number of units sold in year y (y = 0 … n−1, no sales
// before year 0). It returns, for every year t,
//
//	retired[t] = Σ_{y≤t} sales[y] · (F(t−y+1) − F(t−y))
//	inUse[t]   = Σ_{y≤t} sales[y] · ∫_{t−y}^{t−y+1} S(u) du
//
// Discretisation: a cohort is sold at the start of its year, so during
// calendar year t its units are aged between a = t−y and a+1; retired[t]
// counts the units that fail in that interval and inUse[t] is the mean number
// in use over the year. A single cohort of 1 sold in year 0 thus retires
// F(a+1)−F(a) in calendar year a, i.e. F(a)−F(a−1) in its a-th year of life,
// and with constant sales s the series reach retired = s and inUse = s·mean
// exactly (up to the truncation of a finite history).
// Cost: O(n · min(n, A)) where A is the age at which S falls below 1e-12.
func Cohorts(sales []float64, w Weibull) (retired, inUse []float64) {
	n := len(sales)
	retired, inUse = make([]float64, n), make([]float64, n)
	A := min(n, w.maxAge())
	dF, I := make([]float64, A), make([]float64, A)
	for a := range A {
		dF[a] = w.CDF(float64(a+1)) - w.CDF(float64(a))
		I[a] = w.survivalIntegral(float64(a))
	}
	for t := range n {
		for a := 0; a < A && a <= t; a++ {
			s := sales[t-a]
			retired[t] += s * dF[a]
			inUse[t] += s * I[a]
		}
	}
	return retired, inUse
}

// retireRatio returns the yearly retirements per unit in use in the
// forecast year (the cohort model of Cohorts). hist holds sales oldest first
// and ends with the forecast year; years before hist[0] are taken to have
// sold hist[0].
// growth is used instead when hist is nil: sales a years ago = (1+growth)^−a
// (growth 0 is the steady state, where the ratio is 1/mean).
func retireRatio(w Weibull, hist []float64, growth float64) (float64, error) {
	A := w.maxAge()
	var ret, use float64
	for a := range A {
		var s float64
		switch {
		case hist == nil:
			s = math.Pow(1+growth, -float64(a))
		case a < len(hist):
			s = hist[len(hist)-1-a]
		default:
			s = hist[0]
		}
		ret += s * (w.CDF(float64(a+1)) - w.CDF(float64(a)))
		use += s * w.survivalIntegral(float64(a))
	}
	if !(use > 0) || math.IsInf(ret, 0) || math.IsInf(use, 0) {
		return 0, fmt.Errorf("no units in use under this sales history")
	}
	return ret / use, nil
}
