package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

// Scenario is the wire form of a scenario, of one of two kinds:
//
//   - "plan": a built-in region (Base) and the plan parameters its runs
//     start from (Plan): plan runs, whose plan.json is `huishou plan`'s;
//   - "file": a scenario file (package scenarios: data, year, levers,
//     front warehouses, days of operations, solver), as written (Source)
//     and merged with what it inherits (Document); Base is its region,
//     Inherits the scenario its `base:` names. Its runs are scenario runs.
type Scenario struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Base        string `json:"base"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// Plan holds the defaults of the scenario's runs (jobs.PlanParams
	// without the region, which is Base); plan scenarios only.
	Plan     jobs.PlanParams `json:"plan,omitzero"`
	Inherits string          `json:"inherits,omitempty"`
	Source   string          `json:"source,omitempty"`
	Document json.RawMessage `json:"document,omitempty"`

	Builtin   bool       `json:"builtin"`
	Version   int64      `json:"version,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// Scenario kinds.
const (
	kindPlan = "plan"
	kindFile = "file"
)

// fileSpec is how a scenario file is stored (store.Scenario.Spec): its
// source as written. Plan scenarios store jobs.PlanParams, which has no
// "format" field.
type fileSpec struct {
	Format string `json:"format"` // "scenario-file"
	Source string `json:"source"`
}

const fileFormat = "scenario-file"

// scenarioIn is the body of POST and PUT /v1/scenarios.
type scenarioIn struct {
	Name        string          `json:"name"`
	Base        string          `json:"base"`
	Description string          `json:"description"`
	Plan        jobs.PlanParams `json:"plan"`
}

var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// builtinScenario returns a built-in scenario: the plan scenario of a
// built-in region, or a built-in scenario file.
func builtinScenario(name string) (Scenario, bool) {
	if slices.Contains(region.BuiltinNames(), name) {
		return Scenario{Name: name, Kind: kindPlan, Base: name, Builtin: true, Plan: jobs.PlanParams{Region: name},
			Description: "built-in: the embedded " + name + " data with the default plan settings"}, true
	}
	if !slices.Contains(scenarios.Names(), name) {
		return Scenario{}, false
	}
	src, err := scenarios.BuiltinSource(name)
	if err != nil {
		return Scenario{}, false
	}
	sc, err := scenarios.Builtin(name)
	if err != nil {
		return Scenario{}, false
	}
	return fileScenarioOut(name, src, sc, true), true
}

// fileScenarioOut is the wire form of a scenario file.
func fileScenarioOut(name string, src []byte, sc *scenarios.Scenario, builtin bool) Scenario {
	reg := sc.Data.Region
	if reg == "" {
		reg = "sichuan"
	}
	return Scenario{Name: name, Kind: kindFile, Base: reg, Title: sc.Title, Description: strings.TrimSpace(sc.Description),
		Inherits: sc.Base, Source: string(src), Document: sc.Canonical(), Builtin: builtin}
}

// storedFile returns the source of a stored scenario file (ok false for a
// plan scenario).
func storedFile(s store.Scenario) ([]byte, bool) {
	var f fileSpec
	if json.Unmarshal(s.Spec, &f) != nil || f.Format != fileFormat {
		return nil, false
	}
	return []byte(f.Source), true
}

// storeFiles resolves a scenario file's `base:` among the stored scenario
// files (the built-ins are resolved before): a user scenario may inherit
// another. Data files cannot be read through the API.
type storeFiles struct {
	ctx context.Context
	st  interface {
		GetScenario(ctx context.Context, name string) (store.Scenario, error)
	}
}

// ReadFile returns the source of the stored scenario file name.
func (f storeFiles) ReadFile(name string) ([]byte, error) {
	s, err := f.st.GetScenario(f.ctx, name)
	if err != nil {
		return nil, fmt.Errorf("no stored scenario %q: %w", name, fs.ErrNotExist)
	}
	src, ok := storedFile(s)
	if !ok {
		return nil, fmt.Errorf("%q is a plan scenario, not a scenario file: %w", name, fs.ErrNotExist)
	}
	return src, nil
}

func (srv *Server) scenarioOut(ctx context.Context, s store.Scenario) (Scenario, error) {
	c, u := s.CreatedAt, s.UpdatedAt
	if src, ok := storedFile(s); ok {
		sc, err := scenarios.Parse(src, s.Name+".yaml", storeFiles{ctx, srv.store})
		var out Scenario
		if err != nil {
			// what it inherits changed since: show the file as written
			out = Scenario{Name: s.Name, Kind: kindFile, Base: s.Base, Description: s.Description, Source: string(src)}
		} else {
			out = fileScenarioOut(s.Name, src, sc, false)
		}
		out.Version, out.CreatedAt, out.UpdatedAt = s.Version, &c, &u
		return out, nil
	}
	out := Scenario{Name: s.Name, Kind: kindPlan, Base: s.Base, Description: s.Description, Version: s.Version}
	if err := json.Unmarshal(s.Spec, &out.Plan); err != nil {
		return Scenario{}, fmt.Errorf("api: stored scenario %s: %w", s.Name, err)
	}
	out.Plan.Region = s.Base
	out.CreatedAt, out.UpdatedAt = &c, &u
	return out, nil
}

// fileKeys are the fields that only a scenario file has.
var fileKeys = []string{"title", "assumptions", "data", "year", "levers", "front_warehouses", "ops", "solver"}

// readScenarioBody reads the body of POST or PUT /v1/scenarios: a scenario
// file (YAML by Content-Type, or a JSON object with a scenario file's
// fields or a `base` naming a scenario) or a plan scenario (JSON). It
// returns the file's source, or nil and the plan scenario in plan.
func readScenarioBody(c echo.Context, plan *scenarioIn) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, jsonProblem(err)
	}
	for _, y := range []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"} {
		if strings.HasPrefix(ct, y) {
			if len(bytes.TrimSpace(body)) == 0 {
				return nil, problem(http.StatusBadRequest, "empty body: want a scenario file")
			}
			return body, nil
		}
	}
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return nil, problem(http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: want application/json or application/yaml", ct))
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) == nil {
		isFile := false
		for _, k := range fileKeys {
			_, ok := keys[k]
			isFile = isFile || ok
		}
		var base string
		if json.Unmarshal(keys["base"], &base) == nil && base != "" && !slices.Contains(region.BuiltinNames(), base) {
			isFile = true
		}
		if isFile {
			return body, nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, problem(http.StatusBadRequest, "empty body: want a JSON object")
	}
	if err := dec.Decode(plan); err != nil {
		return nil, jsonProblem(err)
	}
	if dec.More() {
		return nil, problem(http.StatusBadRequest, "trailing data after the JSON value")
	}
	return nil, nil
}

// parseFile validates a scenario file body; name is the path's name on
// PUT. The file's name must match it.
func (srv *Server) parseFile(ctx context.Context, src []byte, name string) (*scenarios.Scenario, error) {
	sc, err := scenarios.Parse(src, "body", storeFiles{ctx, srv.store})
	if err != nil {
		return nil, err
	}
	if name != "" && sc.Name != name {
		return nil, badField("name", "%q differs from the path's %q", sc.Name, name)
	}
	if f, path := sc.DataFile(); f != "" {
		return nil, badField("data."+f, "%q: the API takes no data files; use the built-in region (data.region), or run the file with huishou scenario", path)
	}
	if _, ok := builtinScenario(sc.Name); ok {
		return nil, problem(http.StatusConflict, fmt.Sprintf("%q is a built-in scenario", sc.Name))
	}
	return sc, nil
}

func fileStored(name string, src []byte, sc *scenarios.Scenario) (store.Scenario, error) {
	spec, err := json.Marshal(fileSpec{Format: fileFormat, Source: string(src)})
	if err != nil {
		return store.Scenario{}, err
	}
	reg := sc.Data.Region
	if reg == "" {
		reg = "sichuan"
	}
	return store.Scenario{Name: name, Base: reg, Description: strings.TrimSpace(sc.Description), Spec: spec}, nil
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
	for _, n := range append(region.BuiltinNames(), scenarios.Names()...) {
		b, _ := builtinScenario(n)
		b.Source, b.Document = "", nil // GET /v1/scenarios/{name} has them
		out = append(out, b)
	}
	list, err := s.store.ListScenarios(c.Request().Context())
	if err != nil {
		return err
	}
	for _, sc := range list {
		o, err := s.scenarioOut(c.Request().Context(), sc)
		if err != nil {
			return err
		}
		o.Source, o.Document = "", nil
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
	return s.scenarioOut(c.Request().Context(), st)
}

func (s *Server) createScenario(c echo.Context) error {
	ctx := c.Request().Context()
	var in scenarioIn
	src, err := readScenarioBody(c, &in)
	if err != nil {
		return err
	}
	var rec store.Scenario
	if src != nil {
		sc, err := s.parseFile(ctx, src, "")
		if err != nil {
			return err
		}
		in.Name = sc.Name
		if rec, err = fileStored(sc.Name, src, sc); err != nil {
			return err
		}
	} else {
		if err := validScenario(&in, ""); err != nil {
			return err
		}
		spec, err := json.Marshal(in.Plan)
		if err != nil {
			return err
		}
		rec = store.Scenario{Name: in.Name, Base: in.Base, Description: in.Description, Spec: spec}
	}
	st, err := s.store.CreateScenario(ctx, rec)
	if err == store.ErrConflict {
		return problem(http.StatusConflict, fmt.Sprintf("scenario %q exists", in.Name))
	}
	if err != nil {
		return err
	}
	out, err := s.scenarioOut(ctx, st)
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
	ctx := c.Request().Context()
	var in scenarioIn
	src, err := readScenarioBody(c, &in)
	if err != nil {
		return err
	}
	var rec store.Scenario
	if src != nil {
		sc, err := s.parseFile(ctx, src, name)
		if err != nil {
			return err
		}
		if rec, err = fileStored(name, src, sc); err != nil {
			return err
		}
	} else {
		if err := validScenario(&in, name); err != nil {
			return err
		}
		spec, err := json.Marshal(in.Plan)
		if err != nil {
			return err
		}
		rec = store.Scenario{Name: name, Base: in.Base, Description: in.Description, Spec: spec}
	}
	st, err := s.store.UpdateScenario(ctx, rec, version)
	switch err {
	case nil:
	case store.ErrNotFound:
		return problem(http.StatusNotFound, fmt.Sprintf("no scenario %q", name))
	case store.ErrConflict:
		return problem(http.StatusPreconditionFailed, fmt.Sprintf("scenario %q is not at version %d", name, version))
	default:
		return err
	}
	out, err := s.scenarioOut(ctx, st)
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
