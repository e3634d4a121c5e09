package route

import "time"

// Options tune Solve. The zero value works.
type Options struct {
	// TimeLimit bounds the wall time of the search; building each initial
	// population then gets at most a fifth of the time left (at least two
	// individuals). 0 means no time limit:
	// the search then stops at MaxIterations, or — when both are 0 — after
	// NoImprovementLimit iterations without a better solution.
	TimeLimit time.Duration
	// MaxIterations bounds the genetic iterations (offspring bred; 0: none). A
	// run bounded by iterations alone is reproducible; a time limit is not.
	MaxIterations int
	// Seed seeds every random choice: selection and crossover use
	// rand.NewPCG(Seed, 0), educator k rand.NewPCG(Seed, k+1). Default 0.
	Seed uint64
	// Threads is the number of offspring educated in parallel in each
	// generation of one cooperating search; each educator draws from
	// rand.NewPCG(Seed, k+1) and the offspring join the population in
	// educator order, so results depend on Seed and Threads but not on
	// scheduling. 0 means 1.
	Threads int
	// InitialSolution, if set, joins the first population (its
	// routes are client indices, as in Solution.Routes). For a VRPTW
	// solved by the genetic search, its routes are read as for a rich
	// problem (Steps or Clients), each must replay feasibly, and clients
	// it leaves out are placed by the first education. For a rich
	// problem it is the starting point of every search: each route's
	// Vehicle and the job steps of its Steps (or its Clients when it has no
	// steps) are read, and jobs it leaves out are inserted first.
	InitialSolution *Solution
	// Progress, if set, is called from the goroutine running Solve
	// whenever the best feasible cost improves and about every 500
	// iterations. It must not block long.
	Progress func(Progress)

	// Granular is the number of nearest neighbours per client the local
	// search considers. 0 means 20.
	Granular int
	// PopulationSize (μ) is the minimum subpopulation size. 0 means 25.
	PopulationSize int
	// Generation (λ) is the number of offspring before survivor selection.
	// 0 means 40.
	Generation int
	// NoImprovementLimit is the number of iterations without improvement
	// after which the population restarts (or, with no time or iteration
	// limit, the search stops). 0 means 20000.
	NoImprovementLimit int
	// RecreateShare is the share of the search a plain CVRP spends, at
	// the end, in the ruin-and-recreate phase (ils.go): of the time after
	// the initial population with a time limit, of MaxIterations without
	// (then 10 steps count as one iteration), and without either 10
	// steps per genetic iteration in that proportion after the genetic
	// search stops. 0 means by size: 0.3 up to 200 clients, rising
	// linearly to 0.8 at 600 and beyond; negative means none. Capped
	// at 0.95.
	RecreateShare float64

	// stageTwo marks the second stage of a hierarchical VRPTW
	// (hierarchical.go): solutions compare by routes, then cost.
	stageTwo bool
}

// Progress is a snapshot of a running search.
type Progress struct {
	Elapsed    time.Duration
	BestCost   int64 // best feasible cost so far (rich problems: the routes' costs, penalties of unassigned jobs left out); -1 before the first
	Iterations int   // offspring bred plus ruin-and-recreate steps so far
	Vehicles   int   // routes of the best solution so far (0 before the first)
	Unassigned int   // jobs the best solution so far leaves out (rich problems)
}

// params are the resolved hybrid genetic search parameters.
type params struct {
	granular        int
	mu, lambda      int
	nbElite         int
	nbClose         int
	targetFeasible  float64
	penaltyPeriod   int
	penaltyIncrease float64
	penaltyDecrease float64
	repairProb      float64 // probability of repairing an infeasible offspring
	noImprove       int
}

func (o *Options) params() params {
	p := params{granular: 20, mu: 25, lambda: 40, nbElite: 4, nbClose: 5, targetFeasible: 0.2,
		penaltyPeriod: 100, penaltyIncrease: 1.2, penaltyDecrease: 0.85, repairProb: 0.5, noImprove: 20000}
	if o.Granular > 0 {
		p.granular = o.Granular
	}
	if o.PopulationSize > 0 {
		p.mu = o.PopulationSize
	}
	if o.Generation > 0 {
		p.lambda = o.Generation
	}
	if o.NoImprovementLimit > 0 {
		p.noImprove = o.NoImprovementLimit
	}
	return p
}
