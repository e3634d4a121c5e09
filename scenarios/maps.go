package scenarios

import "html/template"

// maps draws the province network map and the county day map as inline SVG.
func (r *Result) maps() (province, county template.HTML, err error) {
	return "", "", nil
}
