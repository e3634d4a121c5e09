package ledger

import (
	"regexp"
	"strconv"
	"time"
)

// Period is a reporting period in China time: a year ("2025"), a quarter
// ("2025-Q2"), a month ("2025-06") or a day ("2025-06-18").
type Period struct {
	Label string    // as written
	Start time.Time // first instant, China time
	End   time.Time // first instant after the period
}

var periodRe = regexp.MustCompile(`^(\d{4})(?:-(?:Q([1-4])|(\d{2})(?:-(\d{2}))?))?$`)

// ParsePeriod parses a period label (see Period). Errors are *InputError
// with field "period".
func ParsePeriod(s string) (Period, error) {
	m := periodRe.FindStringSubmatch(s)
	if m == nil {
		return Period{}, inputErr("period", "%q: want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD", s)
	}
	y, _ := strconv.Atoi(m[1])
	if y < 2000 || y > 2200 {
		return Period{}, inputErr("period", "%q: year outside 2000…2200", s)
	}
	p := Period{Label: s}
	switch {
	case m[2] != "":
		q, _ := strconv.Atoi(m[2])
		p.Start = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, China)
		p.End = p.Start.AddDate(0, 3, 0)
	case m[4] != "":
		t, err := time.ParseInLocation("2006-01-02", s, China)
		if err != nil {
			return Period{}, inputErr("period", "%q is not a date", s)
		}
		p.Start, p.End = t, t.AddDate(0, 0, 1)
	case m[3] != "":
		mo, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 {
			return Period{}, inputErr("period", "%q: month %d", s, mo)
		}
		p.Start = time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, China)
		p.End = p.Start.AddDate(0, 1, 0)
	default:
		p.Start = time.Date(y, 1, 1, 0, 0, 0, 0, China)
		p.End = p.Start.AddDate(1, 0, 0)
	}
	return p, nil
}

// MustPeriod is ParsePeriod for constants in tests and examples; it panics
// on a bad label.
func MustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Days returns the number of days of the period.
func (p Period) Days() int { return int(p.End.Sub(p.Start).Hours()/24 + 0.5) }

// Covers reports whether q lies wholly inside p.
func (p Period) Covers(q Period) bool { return !q.Start.Before(p.Start) && !q.End.After(p.End) }

// Overlap returns the number of days p and q share.
func (p Period) Overlap(q Period) int {
	s, e := p.Start, p.End
	if q.Start.After(s) {
		s = q.Start
	}
	if q.End.Before(e) {
		e = q.End
	}
	if !e.After(s) {
		return 0
	}
	return int(e.Sub(s).Hours()/24 + 0.5)
}

func (p Period) String() string { return p.Label }

// Day returns the China-time date of t, "YYYY-MM-DD".
func Day(t time.Time) string { return t.In(China).Format("2006-01-02") }

// DayKey returns the China-time date of t as days since 2000-01-01 (the
// Day of a FactKey).
func DayKey(t time.Time) int32 { return dayKey(t) }

// DayTime returns the first instant, China time, of day key k.
func DayTime(k int32) time.Time { return dayTime(k) }

func dayKey(t time.Time) int32 {
	y, m, d := t.In(China).Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
}

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// dayTime returns the first instant (China time) of day key k.
func dayTime(k int32) time.Time {
	t := epoch.AddDate(0, 0, int(k))
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, China)
}
