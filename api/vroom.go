package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routeio"
)

// vroom solves a VROOM-format problem and answers in VROOM's solution
// format. ?time= caps the search (default 2s), ?iterations= bounds it in
// work (then the answer depends only on the input and ?seed=).
func (s *Server) vroom(c echo.Context) error {
	opt := route.Options{TimeLimit: 2 * time.Second, Seed: 1}
	if s.cfg.Timeout < 4*time.Second {
		opt.TimeLimit = s.cfg.Timeout / 2
	}
	maxTime := max(s.cfg.Timeout-2*time.Second, s.cfg.Timeout/2) // leave time to answer
	if v := c.QueryParam("time"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return badField("time", "%q: want a positive duration such as 5s", v)
		}
		opt.TimeLimit = d
	}
	if opt.TimeLimit > maxTime {
		return badField("time", "%s: at most %s", opt.TimeLimit, maxTime)
	}
	if v := c.QueryParam("iterations"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return badField("iterations", "%q: want 1…1000000", v)
		}
		opt.MaxIterations = n
	}
	if v := c.QueryParam("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return badField("seed", "%q: want an unsigned integer", v)
		}
		opt.Seed = n
	}
	lim := s.cfg.Limits
	body := http.MaxBytesReader(c.Response(), c.Request().Body, lim.VROOMBody)
	p, m, err := routeio.ReadVROOM(body)
	if err != nil {
		return err
	}
	if n := len(p.Clients) + len(p.Shipments); n > lim.VROOMJobs {
		return tooLarge("jobs", "%d jobs and shipments: at most %d in one synchronous solve (a larger problem belongs in a schedule run)", n, lim.VROOMJobs)
	}
	if len(p.Vehicles) > lim.VROOMVehicles {
		return tooLarge("vehicles", "%d vehicles: at most %d in one synchronous solve", len(p.Vehicles), lim.VROOMVehicles)
	}
	start := time.Now()
	sol, err := route.Solve(c.Request().Context(), p, opt)
	if err != nil {
		s.metrics.JobFinished("vroom", "failed", time.Since(start), nil)
		return m.MapError(err)
	}
	s.metrics.JobFinished("vroom", "done", time.Since(start), nil)
	var b bytes.Buffer
	if err := routeio.WriteVROOM(&b, p, m, sol); err != nil {
		return fmt.Errorf("api: writing the VROOM answer: %w", err)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b.Bytes())
}
