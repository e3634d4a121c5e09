package sheet

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"github.com/huishou/huishou/optimizer/schedule/dayplan"
)

//go:embed font/wqy-microhei.ttc.gz
var fontGz []byte

var (
	fontOnce sync.Once
	fontTTF  []byte
	fontErr  error
)

// defaultFont returns the embedded CJK font, decompressed once.
func defaultFont() ([]byte, error) {
	fontOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(fontGz))
		if err != nil {
			fontErr = fmt.Errorf("sheet: embedded font: %w", err)
			return
		}
		ttc, err := io.ReadAll(zr)
		if err != nil {
			fontErr = fmt.Errorf("sheet: embedded font: %w", err)
			return
		}
		fontTTF, fontErr = FirstFace(ttc)
	})
	return fontTTF, fontErr
}

// Column widths of the PDF stops table, mm (A4 portrait, 10 mm margins).
var pdfCols = []struct {
	head string
	w    float64
}{{"#", 7}, {"arrive (ETA)", 27}, {"place", 34}, {"booking", 31}, {"what", 46}, {"load kg/L/pcs", 25}, {"note", 20}}

// WritePDF writes the route sheets as a PDF: A4, one vehicle per page (more
// when its stops do not fit), with the route map drawn in vector, the stops
// in order and the totals. Text uses Options.Font or the embedded
// WenQuanYi Micro Hei, which covers Chinese and Latin. The same plan gives the same bytes
// (the document is dated with the plan's date).
func WritePDF(w io.Writer, p *dayplan.Plan, opt Options) error {
	opt.fill(p)
	font := opt.Font
	var err error
	if font == nil {
		if font, err = defaultFont(); err != nil {
			return err
		}
	}
	ps, err := pages(p, opt, false)
	if err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(p.Date.Time())
	pdf.SetModificationDate(p.Date.Time())
	pdf.SetTitle(opt.Title+" "+p.Date.String(), true)
	pdf.SetCreator("huishou", true)
	pdf.SetMargins(10, 10, 10)
	pdf.SetAutoPageBreak(false, 10)
	if font, err = FirstFace(font); err != nil {
		return err
	}
	pdf.AddUTF8FontFromBytes("cjk", "", font)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("sheet: font: %w", err)
	}
	for _, pg := range ps {
		pdfPage(pdf, &pg, !opt.NoMap)
	}
	if len(ps) == 0 {
		pdf.AddPage()
		pdf.SetFont("cjk", "", 11)
		pdf.Cell(0, 8, "No routes on "+p.Date.String())
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("sheet: PDF: %w", err)
	}
	return nil
}

// fit truncates s with "…" to fit width mm in the current font.
func fit(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func pdfPage(pdf *fpdf.Fpdf, pg *page, withMap bool) {
	pdf.AddPage()
	pdf.SetFont("cjk", "", 13)
	pdf.CellFormat(0, 7, fit(pdf, fmt.Sprintf("%s — %s — %s", pg.Title, pg.Route.Vehicle, pg.Date), 190), "", 1, "L", false, 0, "")
	pdf.SetFont("cjk", "", 8.5)
	meta := fmt.Sprintf("depot %s · crew %s · capacity %s · shift %s · leaves %s · returns %s",
		pg.Depot, pg.Crew, pg.Capacity, pg.Shift, pg.Route.Start.HM(), pg.Route.End.HM())
	pdf.MultiCell(190, 4.2, meta, "", "L", false)
	tot := fmt.Sprintf("%d stops · %.1f km · %.2f h · %d appliances collected (%.0f kg) · %d new delivered",
		pg.Tot.Stops, pg.Tot.Km, pg.Tot.Hours, pg.Tot.Pieces, pg.Tot.Kg, pg.Tot.Delivered)
	pdf.CellFormat(190, 5, tot, "", 1, "L", false, 0, "")
	if withMap {
		y := pdf.GetY() + 1
		pdfMap(pdf, pg.Rows, 10, y, 190, 62)
		pdf.SetY(y + 64)
	}
	header := func() {
		pdf.SetFont("cjk", "", 7.5)
		pdf.SetFillColor(230, 236, 241)
		for _, c := range pdfCols {
			pdf.CellFormat(c.w, 5, c.head, "B", 0, "L", true, 0, "")
		}
		pdf.Ln(-1)
	}
	header()
	const rowH = 4.6
	for _, r := range pg.Rows {
		if pdf.GetY()+rowH > 287 {
			pdf.AddPage()
			pdf.SetFont("cjk", "", 9)
			pdf.CellFormat(0, 6, fmt.Sprintf("%s — %s (continued)", pg.Route.Vehicle, pg.Date), "", 1, "L", false, 0, "")
			header()
		}
		pdf.SetFont("cjk", "", 7)
		eta := r.Arrival.HM()
		if r.ETATo > 0 {
			eta = fmt.Sprintf("%s (%s–%s)", r.Start.HM(), r.ETAFrom.HM(), r.ETATo.HM())
		}
		what := r.Items
		switch r.Type {
		case "depart", "return":
			what = r.Type
		case dayplan.Break:
			what = "break until " + r.Depart.HM()
		}
		cells := []string{fmt.Sprint(r.Seq), eta, r.Place, r.Booking, what,
			fmt.Sprintf("%.0f / %.0f / %d", r.LoadKg, r.LoadLitres, r.LoadPieces), r.Note}
		for i, c := range pdfCols {
			align := "L"
			if i == 0 || i == 5 {
				align = "R"
			}
			pdf.CellFormat(c.w, rowH, fit(pdf, cells[i], c.w-1), "B", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
}

// pdfMap draws the route in the box (x, y, w, h) mm: the path, numbered
// stops and the depot, in an equirectangular projection.
func pdfMap(pdf *fpdf.Fpdf, rows []dayplan.SheetRow, x, y, w, h float64) {
	minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rows {
		if r.Type == dayplan.Break {
			continue
		}
		minLon, maxLon = min(minLon, r.Lon), max(maxLon, r.Lon)
		minLat, maxLat = min(minLat, r.Lat), max(maxLat, r.Lat)
	}
	pdf.SetDrawColor(120, 120, 120)
	pdf.SetLineWidth(0.2)
	pdf.Rect(x, y, w, h, "D")
	if math.IsInf(minLon, 0) {
		return
	}
	cos := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	spanX := math.Max((maxLon-minLon)*cos, 1e-4)
	spanY := math.Max(maxLat-minLat, 1e-4)
	pad := 4.0
	s := math.Min((w-2*pad)/spanX, (h-2*pad)/spanY)
	ox := x + pad + ((w-2*pad)-spanX*s)/2
	oy := y + pad + ((h-2*pad)-spanY*s)/2
	proj := func(lon, lat float64) (float64, float64) {
		return ox + (lon-minLon)*cos*s, oy + (maxLat-lat)*s
	}
	pdf.SetDrawColor(31, 119, 180)
	pdf.SetLineWidth(0.45)
	var px, py float64
	first := true
	for _, r := range rows {
		if r.Type == dayplan.Break {
			continue
		}
		cx, cy := proj(r.Lon, r.Lat)
		if !first {
			pdf.Line(px, py, cx, cy)
		}
		px, py, first = cx, cy, false
	}
	pdf.SetFont("cjk", "", 5.5)
	pdf.SetLineWidth(0.2)
	for _, r := range rows {
		cx, cy := proj(r.Lon, r.Lat)
		switch r.Type {
		case "depart":
			pdf.SetFillColor(40, 40, 40)
			pdf.Rect(cx-1.3, cy-1.3, 2.6, 2.6, "F")
		case dayplan.Visit, dayplan.Load:
			pdf.SetFillColor(255, 255, 255)
			pdf.SetDrawColor(31, 119, 180)
			pdf.Circle(cx, cy, 0.9, "FD")
			pdf.Text(cx+1.1, cy-0.6, fmt.Sprint(r.Seq))
		}
	}
}
