package jsonfield

import "testing"

func TestPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"id", "id"},
		{"items.0.count", "items[0].count"},
		{"durations.0.1", "durations[0][1]"},
		{"routes.12.stops.3.arrival", "routes[12].stops[3].arrival"},
		{"items.count", "items.count"},
		{"0", "0"},
		{"a.b2.c", "a.b2.c"},
	} {
		if got := Path(c.in); got != c.want {
			t.Errorf("Path(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripIndices(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"items[0].count", "items.count"},
		{"durations[0][1]", "durations"},
		{"a[x].b", "a[x].b"},
		{"a[", "a["},
		{"plain", "plain"},
	} {
		if got := StripIndices(c.in); got != c.want {
			t.Errorf("StripIndices(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSame(t *testing.T) {
	for _, c := range []struct {
		got, want string
		same      bool
	}{
		{"items[0].count", "items[0].count", true},
		{"items.count", "items[0].count", true},
		{"items[1].count", "items[0].count", false},
		{"items.kg", "items[0].count", false},
	} {
		if got := Same(c.got, c.want); got != c.same {
			t.Errorf("Same(%q, %q) = %v, want %v", c.got, c.want, got, c.same)
		}
	}
}
