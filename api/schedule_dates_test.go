package api_test

import (
	"context"
	"slices"
	"testing"

	"github.com/huishou/huishou/api/store"
)

func TestScheduleDates(t *testing.T) {
	e := newEnv(t, nil)
	for _, d := range []string{"2025-06-19", "2025-06-17", "2025-07-01"} {
		if _, err := e.st.PutDayPlan(context.Background(), store.DayPlan{Date: d, Doc: []byte(`{}`)}, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"2025-06-17", "2025-06-19", "2025-07-01"}},
		{"?from=2025-06-18", []string{"2025-06-19", "2025-07-01"}},
		{"?from=2025-06-17&to=2025-06-30", []string{"2025-06-17", "2025-06-19"}},
		{"?to=2025-01-01", []string{}},
	} {
		var got struct{ Dates []string }
		e.do("GET", "/v1/schedules"+c.query, nil, opt{role: store.RoleViewer}).json(t, &got)
		if !slices.Equal(got.Dates, c.want) && !(len(got.Dates) == 0 && len(c.want) == 0) {
			t.Errorf("GET /v1/schedules%s: %v, want %v", c.query, got.Dates, c.want)
		}
	}
	for _, q := range []string{"?from=2025-13-01", "?to=x", "?from=2025-06-19&to=2025-06-01"} {
		if p := e.do("GET", "/v1/schedules"+q, nil, opt{role: store.RoleDispatcher, badInput: true}).problem(t); p.Status != 400 || p.Field == "" {
			t.Errorf("GET /v1/schedules%s: %+v", q, p)
		}
	}
	if p := e.do("GET", "/v1/schedules", nil, opt{role: store.RolePlanner}).problem(t); p.Status != 403 {
		t.Errorf("planner: %d", p.Status)
	}
}
