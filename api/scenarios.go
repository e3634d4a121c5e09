package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios/region"
)

// Scenario is the wire form of a scenario: a built-in region and the plan
// parameters its runs start from.
type Scenario struct {
	Name        string `json:"name"`
	Base        string `json:"base"`
	Description string `json:"description,omitempty"`
	// Plan holds the defaults of the scenario's runs (jobs.PlanParams
	// without the region, which is Base).
	Plan      jobs.PlanParams `json:"plan"`
	Builtin   bool            `json:"builtin"`
	Version   int64           `json:"version,omitempty"`
	CreatedAt *time.Time      `json:"created_at,omitempty"`
	UpdatedAt *time.Time      `json:"updated_at,omitempty"`
}

// scenarioIn is the body of POST and PUT /v1/scenarios.
type scenarioIn struct {
	Name        string          `json:"name"`
	Base        string          `json:"base"`
	Description string          `json:"description"`
	Plan        jobs.PlanParams `json:"plan"`
}

var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// builtinScenario returns the built-in scenario of a built-in region.
func builtinScenario(name string) (Scenario, bool) {
	if !slices.Contains(region.BuiltinNames(), name) {
		return Scenario{}, false
	}
	return Scenario{Name: name, Base: name, Builtin: true, Plan: jobs.PlanParams{Region: name},
		Description: "built-in: the embedded " + name + " data with the default plan settings"}, true
}

func scenarioOut(s store.Scenario) (Scenario, error) {
	out := Scenario{Name: s.Name, Base: s.Base, Description: s.Description, Version: s.Version}
	if err := json.Unmarshal(s.Spec, &out.Plan); err != nil {
		return Scenario{}, fmt.Errorf("api: stored scenario %s: %w", s.Name, err)
	}
	out.Plan.Region = s.Base
	c, u := s.CreatedAt, s.UpdatedAt
	out.CreatedAt, out.UpdatedAt = &c, &u
	return out, nil
}

// validScenario checks a scenario body; name is the path's name on PUT.
func validScenario(in *scenarioIn, name string) error {
	if name != "" {
		if in.Name != "" && in.Name != name {
			return badField("name", "%q differs from the path's %q", in.Name, name)
		}
		in.Name = name
	}
	if !scenarioName.MatchString(in.Name) {
		return badField("name", "%q: want 1–63 lower-case letters, digits, - or _", in.Name)
	}
	if _, ok := builtinScenario(in.Name); ok {
		return problem(http.StatusConflict, fmt.Sprintf("%q is a built-in scenario", in.Name))
	}
	if in.Base == "" {
		in.Base = "sichuan"
	}
	if !slices.Contains(region.BuiltinNames(), in.Base) {
		return badField("base", "%q is not a built-in region (%v)", in.Base, region.BuiltinNames())
	}
	if in.Plan.Region != "" && in.Plan.Region != in.Base {
		return badField("plan.region", "%q differs from base %q", in.Plan.Region, in.Base)
	}
	in.Plan.Region = in.Base
	if _, _, err := in.Plan.Options(); err != nil {
		return badPlan(err, "plan")
	}
	return nil
}

// badPlan turns a jobs.PlanParams error into a 400 naming the field under
// prefix.
func badPlan(err error, prefix string) error {
	msg := err.Error()
	field := prefix
	if m := regexp.MustCompile(`^jobs: bad input: ([a-z_]+): `).FindStringSubmatch(msg); m != nil {
		field = m[1]
		if prefix != "" {
			field = prefix + "." + m[1]
		}
	}
	return badField(field, "%s", msg)
}

func (s *Server) listScenarios(c echo.Context) error {
	var out []Scenario
	for _, n := range region.BuiltinNames() {
		b, _ := builtinScenario(n)
		out = append(out, b)
	}
	list, err := s.store.ListScenarios(c.Request().Context())
	if err != nil {
		return err
	}
	for _, sc := range list {
		o, err := scenarioOut(sc)
		if err != nil {
			return err
		}
		out = append(out, o)
	}
	return c.JSON(http.StatusOK, map[string]any{"scenarios": out})
}

func (s *Server) getScenario(c echo.Context) error {
	sc, err := s.scenario(c, c.Param("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sc)
}

// scenario returns a built-in or stored scenario.
func (s *Server) scenario(c echo.Context, name string) (Scenario, error) {
	if b, ok := builtinScenario(name); ok {
		return b, nil
	}
	st, err := s.store.GetScenario(c.Request().Context(), name)
	if err != nil {
		if err == store.ErrNotFound {
			return Scenario{}, problem(http.StatusNotFound, fmt.Sprintf("no scenario %q", name))
		}
		return Scenario{}, err
	}
	return scenarioOut(st)
}

func (s *Server) createScenario(c echo.Context) error {
	var in scenarioIn
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validScenario(&in, ""); err != nil {
		return err
	}
	spec, err := json.Marshal(in.Plan)
	if err != nil {
		return err
	}
	st, err := s.store.CreateScenario(c.Request().Context(), store.Scenario{Name: in.Name, Base: in.Base, Description: in.Description, Spec: spec})
	if err == store.ErrConflict {
		return problem(http.StatusConflict, fmt.Sprintf("scenario %q exists", in.Name))
	}
	if err != nil {
		return err
	}
	out, err := scenarioOut(st)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/scenarios/"+in.Name)
	return c.JSON(http.StatusCreated, out)
}

// ifMatch reads an If-Match version ("3" or "\"3\""); 0 when absent.
func ifMatch(c echo.Context) (int64, error) {
	h := c.Request().Header.Get("If-Match")
	if h == "" {
		return 0, nil
	}
	var v int64
	if _, err := fmt.Sscanf(string(bytes.Trim([]byte(h), `W/"`)), "%d", &v); err != nil || v <= 0 {
		return 0, badField("If-Match", "%q: want the version number", h)
	}
	return v, nil
}

func (s *Server) updateScenario(c echo.Context) error {
	name := c.Param("name")
	if _, ok := builtinScenario(name); ok {
		return problem(http.StatusConflict, fmt.Sprintf("%q is a built-in scenario and cannot be changed", name))
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in scenarioIn
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := validScenario(&in, name); err != nil {
		return err
	}
	spec, err := json.Marshal(in.Plan)
	if err != nil {
		return err
	}
	st, err := s.store.UpdateScenario(c.Request().Context(), store.Scenario{Name: name, Base: in.Base, Description: in.Description, Spec: spec}, version)
	switch err {
	case nil:
	case store.ErrNotFound:
		return problem(http.StatusNotFound, fmt.Sprintf("no scenario %q", name))
	case store.ErrConflict:
		return problem(http.StatusPreconditionFailed, fmt.Sprintf("scenario %q is not at version %d", name, version))
	default:
		return err
	}
	out, err := scenarioOut(st)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) deleteScenario(c echo.Context) error {
	name := c.Param("name")
	if _, ok := builtinScenario(name); ok {
		return problem(http.StatusConflict, fmt.Sprintf("%q is a built-in scenario and cannot be deleted", name))
	}
	if err := s.store.DeleteScenario(c.Request().Context(), name); err != nil {
		if err == store.ErrNotFound {
			return problem(http.StatusNotFound, fmt.Sprintf("no scenario %q", name))
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
