package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huishou/huishou/internal/jsonfield"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/huishou/huishou/api/store"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// Field is the path of the offending field of the request, when the
	// problem is one bad value (e.g. "jobs[3].time_windows[0]").
	Field string `json:"field,omitempty"`
	// Errors lists several bad values at once (e.g. a CSV import's rows).
	Errors []FieldError `json:"errors,omitempty"`
	// RequestID ties the answer to the server's log line.
	RequestID string `json:"request_id,omitempty"`
}

// FieldError is one bad value.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Error implements error, so that handlers may return a *Problem.
func (p *Problem) Error() string {
	if p.Field != "" {
		return fmt.Sprintf("%d %s: %s: %s", p.Status, p.Title, p.Field, p.Detail)
	}
	return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail)
}

// inputError is any package's input error: they all carry the path of the
// offending field (optimizer/route, routeio, locate, flow, network,
// schedule, supply, geo, scenarios/region).
type inputError interface {
	error
	FieldPath() string
}

// problem returns a Problem with status, its standard title and detail.
func problem(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// badField is a 400 naming a field.
func badField(field, format string, a ...any) *Problem {
	p := problem(http.StatusBadRequest, fmt.Sprintf(format, a...))
	p.Field = field
	return p
}

// errStatusClientClosed is nginx's 499: the client went away before the
// answer.
const errStatusClientClosed = 499

// toProblem maps any error to its problem: the one place where errors
// become HTTP statuses.
func toProblem(err error) *Problem {
	var p *Problem
	var he *echo.HTTPError
	var ie inputError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &ie):
		pr := problem(http.StatusBadRequest, ie.Error())
		pr.Field = ie.FieldPath()
		return pr
	case errors.As(err, &se):
		return problem(http.StatusBadRequest, fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case errors.As(err, &te):
		return badField(jsonfield.Path(te.Field), "want %s, got JSON %s", te.Type, te.Value)
	case errors.As(err, &mbe):
		return problem(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", mbe.Limit))
	case errors.Is(err, store.ErrNotFound):
		return problem(http.StatusNotFound, "no such resource")
	case errors.Is(err, store.ErrConflict):
		return problem(http.StatusConflict, "the resource exists already or was changed meanwhile")
	case errors.Is(err, store.ErrUnavailable):
		return problem(http.StatusServiceUnavailable, "the database is unavailable: retry shortly (with the same Idempotency-Key a retry cannot store twice)")
	case errors.Is(err, context.DeadlineExceeded):
		return problem(http.StatusServiceUnavailable, "the request took longer than the server allows")
	case errors.Is(err, context.Canceled):
		return &Problem{Type: "about:blank", Title: "Client Closed Request", Status: errStatusClientClosed}
	case errors.As(err, &he):
		pr := problem(he.Code, fmt.Sprint(he.Message))
		if he.Code == http.StatusRequestEntityTooLarge {
			pr.Detail = "request body too large"
		}
		if he.Internal != nil && he.Code < 500 && pr.Detail == http.StatusText(he.Code) {
			pr.Detail = he.Internal.Error()
		}
		return pr
	}
	return problem(http.StatusInternalServerError, "internal error (see the server log under this request id)")
}

// ProblemOf returns the problem an error answers with (the mapping of
// the HTTPErrorHandler, without the request's id and path).
func ProblemOf(err error) *Problem { return toProblem(err) }

// errorHandler is the echo HTTPErrorHandler: every error answers
// application/problem+json. Client text is kept apart from the logged
// detail: a 500 says nothing of its cause to the client.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := toProblem(err)
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		if p.Instance == "" {
			p.Instance = c.Request().URL.Path
		}
		if p.Status >= 500 && p.Status != errStatusClientClosed {
			log.Error("request failed", "request_id", p.RequestID, "method", c.Request().Method, "path", c.Path(), "status", p.Status, "err", err.Error())
		}
		if p.Status == http.StatusUnauthorized {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="huishou"`)
		}
		if p.Status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", "1")
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(p.Status)
			return
		}
		b, _ := json.Marshal(p)
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		_ = c.Blob(p.Status, "application/problem+json", append(b, '\n'))
	}
}

// decodeJSON decodes the request body into v, strictly: unknown fields,
// trailing data and a wrong content type are 400s naming what is wrong.
func decodeJSON(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return problem(http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q: want application/json", ct))
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if dec.More() {
		return problem(http.StatusBadRequest, "trailing data after the JSON value")
	}
	return nil
}

// jsonProblem explains a JSON decoding error.
func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &te):
		return badField(jsonfield.Path(te.Field), "want %s, got JSON %s", te.Type, te.Value)
	case errors.As(err, &mbe), errors.As(err, &he):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		f := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return badField(f, "unknown field %q", f)
	}
	if errors.Is(err, io.EOF) || msg == "EOF" {
		return problem(http.StatusBadRequest, "empty body: want a JSON object")
	}
	return problem(http.StatusBadRequest, "malformed JSON: "+strings.TrimPrefix(msg, "json: "))
}
