package booking

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date, counted in days since 1970-01-01. The zero value
// means "not set" (no booking is dated 1 January 1970).
type Date int32

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	if t.Year() < 2000 || t.Year() > 2199 {
		return 0, fmt.Errorf("date %s outside the years 2000–2199", s)
	}
	return DateOf(t), nil
}

// MustDate parses s and panics on error; for tests and constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the civil date of t (its year, month and day as given).
func DateOf(t time.Time) Date {
	u := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return Date(u.Unix() / 86400)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == 0 }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats d as YYYY-MM-DD ("" when unset).
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// MarshalJSON writes "YYYY-MM-DD" ("" when unset).
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD"; "" or null leave d unset.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a date \"YYYY-MM-DD\", got %s", truncate(string(b)))
	}
	if s == nil || *s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Clock is a time of day in seconds after midnight, 0 … 86400 (24:00).
type Clock int32

// EndOfDay is 24:00.
const EndOfDay Clock = 86400

// ParseClock parses "HH:MM" or "HH:MM:SS", 00:00 … 24:00.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%q is not a time HH:MM", s)
	}
	var v [3]int
	for i, p := range parts {
		if len(p) != 2 {
			return 0, fmt.Errorf("%q is not a time HH:MM", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a time HH:MM", s)
		}
		v[i] = n
	}
	if v[0] > 24 || v[1] > 59 || v[2] > 59 || (v[0] == 24 && v[1]+v[2] > 0) {
		return 0, fmt.Errorf("%q is not a time between 00:00 and 24:00", s)
	}
	return Clock(v[0]*3600 + v[1]*60 + v[2]), nil
}

// MustClock parses s and panics on error; for tests and constants.
func MustClock(s string) Clock {
	c, err := ParseClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String formats c as HH:MM, or HH:MM:SS when it has seconds.
func (c Clock) String() string {
	if c%60 != 0 {
		return c.HMS()
	}
	return fmt.Sprintf("%02d:%02d", c/3600, c%3600/60)
}

// HMS formats c as HH:MM:SS (hours past 24 for a route that runs late).
func (c Clock) HMS() string {
	if c < 0 {
		return "-" + (-c).HMS()
	}
	return fmt.Sprintf("%02d:%02d:%02d", c/3600, c%3600/60, c%60)
}

// MarshalJSON writes c as String does.
func (c Clock) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON reads "HH:MM" or "HH:MM:SS".
func (c *Clock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a time \"HH:MM\", got %s", truncate(string(b)))
	}
	v, err := ParseClock(s)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
