package api

import "github.com/labstack/echo/v4"

// Routes lists the server's routes, for the tests that must cover every
// endpoint (the role matrix, hostile input).
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }
