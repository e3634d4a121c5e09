package api

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openapiJSON is the OpenAPI 3.1 document of the service, kept true by a
// test that validates every handler's requests and answers against it.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the OpenAPI document.
func OpenAPI() []byte { return openapiJSON }

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openapiJSON)
}
