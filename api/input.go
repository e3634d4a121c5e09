package api

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// jsonUTF8 refuses a JSON request body that is not valid UTF-8 (RFC 8259
// requires it; encoding/json would quietly turn the bad bytes into U+FFFD
// and store text the client never sent). The body, already capped by the
// body limit, is read once and handed on from memory.
func jsonUTF8(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Body == nil || req.Body == http.NoBody || !isJSON(req.Header.Get(echo.HeaderContentType)) {
			return next(c)
		}
		data, err := io.ReadAll(req.Body)
		if err != nil {
			return err
		}
		if !utf8.Valid(data) {
			at := 0
			for at < len(data) {
				r, n := utf8.DecodeRune(data[at:])
				if r == utf8.RuneError && n <= 1 {
					break
				}
				at += n
			}
			return problem(http.StatusBadRequest, fmt.Sprintf("the body is not valid UTF-8 (byte %d)", at))
		}
		req.Body = io.NopCloser(bytes.NewReader(data))
		return next(c)
	}
}

// strictQuery refuses a query string that net/url cannot parse (a ";"
// separator, a bad %-escape): echo would drop the bad pairs silently and
// answer as if the filter had not been given.
func strictQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
			return problem(http.StatusBadRequest, "malformed query string: "+err.Error())
		}
		return next(c)
	}
}

// isJSON reports whether a content type is JSON (application/json or a
// +json type).
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json")
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
