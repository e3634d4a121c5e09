package sheet

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

// Formats are the files WriteDay can write for a day D.
var Formats = []string{
	"json",    // dayplan-D.json
	"csv",     // route-D-VEHICLE.csv, one per route
	"html",    // sheets-D.html
	"pdf",     // sheets-D.pdf
	"geojson", // routes-D.geojson
}

// WriteDay writes a day plan and its route sheets to dir in the given
// formats (nil: all of Formats) and returns the paths written.
func WriteDay(dir string, p *dayplan.Plan, formats []string, opt Options) ([]string, error) {
	if formats == nil {
		formats = Formats
	}
	for _, f := range formats {
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("sheet: unknown format %q (want json, csv, html, pdf or geojson)", f)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sheet: %w", err)
	}
	opt.fill(p)
	d := p.Date.String()
	var out []string
	write := func(name string, fill func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := fill(&buf); err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("sheet: %w", err)
		}
		out = append(out, path)
		return nil
	}
	ix := p.Index()
	for _, f := range formats {
		var err error
		switch f {
		case "json":
			err = write("dayplan-"+d+".json", func(w io.Writer) error { return dayplan.Write(w, p) })
		case "csv":
			for _, r := range opt.Routes {
				if err = write(fmt.Sprintf("route-%s-%s.csv", d, safe(p.Routes[r].Vehicle)), func(w io.Writer) error {
					return p.WriteSheetCSV(w, r, ix, opt.Catalog)
				}); err != nil {
					break
				}
			}
		case "html":
			err = write("sheets-"+d+".html", func(w io.Writer) error { return WriteHTML(w, p, opt) })
		case "pdf":
			err = write("sheets-"+d+".pdf", func(w io.Writer) error { return WritePDF(w, p, opt) })
		case "geojson":
			err = write("routes-"+d+".geojson", func(w io.Writer) error { return WriteGeoJSON(w, p, opt) })
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// safe makes an id usable in a file name.
func safe(id string) string {
	b := []rune(id)
	for i, r := range b {
		if r == '/' || r == '\\' || r == ':' || r == 0 || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|' {
			b[i] = '_'
		}
	}
	return string(b)
}
