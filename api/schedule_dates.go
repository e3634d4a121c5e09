package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/optimizer/schedule/booking"
)

// dayPlanLister is what listScheduleDates needs from the store (both
// stores have it; it is not part of Store so that a store without day
// plans still builds a server).
type dayPlanLister interface {
	ListDayPlans(ctx context.Context, from, to string) ([]string, error)
}

// maxDatesListed bounds one answer of GET /v1/schedules.
const maxDatesListed = 1000

// listScheduleDates answers GET /v1/schedules?from=&to=: the dates that
// have a day plan, in order (the web page's date picker), at most
// maxDatesListed of them from from on.
func (s *Server) listScheduleDates(c echo.Context) error {
	ls, ok := s.store.(dayPlanLister)
	if !ok {
		return problem(http.StatusNotImplemented, "this store does not list day plans")
	}
	var bounds [2]string
	for i, name := range []string{"from", "to"} {
		v := c.QueryParam(name)
		if v == "" {
			continue
		}
		d, err := booking.ParseDate(v)
		if err != nil || d.IsZero() {
			return badField(name, "%q: want YYYY-MM-DD", v)
		}
		bounds[i] = d.String()
	}
	if bounds[0] != "" && bounds[1] != "" && bounds[1] < bounds[0] {
		return badField("to", "%s is before from %s", bounds[1], bounds[0])
	}
	dates, err := ls.ListDayPlans(c.Request().Context(), bounds[0], bounds[1])
	if err != nil {
		return err
	}
	if dates == nil {
		dates = []string{}
	}
	if len(dates) > maxDatesListed {
		dates = dates[:maxDatesListed]
	}
	return c.JSON(http.StatusOK, map[string][]string{"dates": dates})
}
