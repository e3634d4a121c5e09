package store

import (
	"errors"
	"time"
)

var (
	// ErrNotFound is returned when the requested row does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict is returned when a row with the same key exists already,
	// or an update lost a race (a stale version).
	ErrConflict = errors.New("store: conflict")
	// ErrUnavailable wraps errors of a database that cannot be reached or
	// went away mid-request (connection refused or lost, server shutting
	// down or starting up): the request may succeed when retried.
	ErrUnavailable = errors.New("store: database unavailable")
)

// Role is what an API key may do.
type Role string

// Roles, from most to least powerful. The api package decides what each may
// reach.
const (
	RoleAdmin      Role = "admin"
	RolePlanner    Role = "planner"
	RoleDispatcher Role = "dispatcher"
	RoleViewer     Role = "viewer"
)

// Roles lists the valid roles.
var Roles = []Role{RoleAdmin, RolePlanner, RoleDispatcher, RoleViewer}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Key is an API key. Only the SHA-256 of its secret is stored.
type Key struct {
	ID        string // public part of the key, also its primary key
	Name      string // free text, e.g. who holds it
	Role      Role
	Hash      []byte // SHA-256 of the secret part
	CreatedAt time.Time
}

// Scenario is a user-created scenario: a built-in base and the options of
// its plan, as a JSON document owned by the api package.
type Scenario struct {
	Name        string
	Base        string // built-in scenario it starts from, e.g. "sichuan"
	Description string
	Spec        []byte // JSON document (the api's scenario options)
	Version     int64  // 1 on create, +1 per update
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Run kinds.
const (
	KindPlan     = "plan"     // a network plan of a scenario
	KindSchedule = "schedule" // day plans over the stored bookings
	KindScenario = "scenario" // a run of a scenario file (scenarios.Run)
)

// Run statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Run is a long solve: a plan of a scenario or a schedule of bookings. It
// is created queued, set running by the worker that takes it, updated with
// its progress and finished done (with its result) or failed.
type Run struct {
	ID       string
	Kind     string // KindPlan or KindSchedule
	Scenario string // scenario name (plan runs) or "" (schedules)
	Params   []byte // JSON request, as the api stored it
	Status   string
	Progress float64  // 0…1
	BestCost *float64 // best cost so far, when known
	Bound    *float64 // lower bound so far, when known
	Error    string   // why it failed
	Result   []byte   // JSON result when done (plan.json, or the schedule summary)
	GeoJSON  []byte   // plan.geojson of a plan run, when done
	// Attempt counts the times a worker took the run.
	Attempt    int
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
}

// RunFilter selects runs for ListRuns. Zero fields match all.
type RunFilter struct {
	Kind, Scenario, Status string
	Limit                  int // at most this many, newest first; 0 = 100
}

// QueueStats describe the runs waiting for a worker.
type QueueStats struct {
	Queued  int           // runs in status queued
	Running int           // runs in status running
	Oldest  time.Duration // age of the oldest queued run, 0 when none
}

// Booking is a stored booking: its JSON document and the columns the
// store filters on.
type Booking struct {
	ID       string
	Seq      int64  // order of arrival, assigned by the store
	Earliest string // first date it may be served, YYYY-MM-DD
	Latest   string // last date, YYYY-MM-DD
	County   string // adcode
	Status   string
	Kind     string
	Doc      []byte // JSON document (the api's booking)
	Version  int64  // 1 on create, +1 per update
	Created  time.Time
	Updated  time.Time
}

// BookingFilter selects bookings. Zero fields match all; Date matches the
// bookings that may be served on that day (Earliest ≤ Date ≤ Latest).
type BookingFilter struct {
	Date, County, Status, Kind string
	After                      int64 // Seq cursor: only bookings with Seq > After
	Limit                      int   // at most this many, by Seq; 0 = 100
}

// Idempotency is the remembered answer to a request made with an
// Idempotency-Key.
type Idempotency struct {
	Key         string // the client's key, scoped by the caller (e.g. key id + route)
	RequestHash []byte // SHA-256 of the request body, to catch a reused key
	Status      int    // HTTP status of the answer
	Body        []byte // the answer
	CreatedAt   time.Time
}

// DayPlan is the stored plan of one day: its JSON document (the api's day
// plan) and the vehicles whose routes are dispatched (fixed).
type DayPlan struct {
	Date       string // YYYY-MM-DD
	Run        string // the schedule run that made it
	Doc        []byte
	Dispatched []string // vehicle ids, sorted
	Version    int64
	Updated    time.Time
}

// Observer, when set on a store, is told the duration of every operation
// by name (e.g. "get_run"), for metrics.
type Observer func(op string, d time.Duration)
