package sheet_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/schedule"
	"github.com/huishou/huishou/optimizer/schedule/booking"
	"github.com/huishou/huishou/optimizer/schedule/dayplan"
	"github.com/huishou/huishou/optimizer/schedule/fleet"
	"github.com/huishou/huishou/optimizer/schedule/sheet"
)

// testPlan schedules a small day in two depots with Chinese names.
func testPlan(t testing.TB) *dayplan.Plan {
	t.Helper()
	date := booking.MustDate("2026-12-01")
	in := &schedule.Input{
		Depots: []fleet.Depot{
			{ID: "ts-a", Name: "锦江区 中转站", Kind: fleet.TransferStation, Lon: 104.08, Lat: 30.65, Area: "urban"},
			{ID: "ts-b", Name: "成华区 中转站", Kind: fleet.TransferStation, Lon: 104.12, Lat: 30.68, Area: "urban"},
		},
		Vehicles: []fleet.Vehicle{
			{ID: "a1", Depot: "ts-a", Kg: 1500, Litres: 14000, Crew: 2},
			{ID: "a2", Depot: "ts-a", Kg: 1500, Litres: 14000, Crew: 2},
			{ID: "b1", Depot: "ts-b", Kg: 1500, Litres: 14000, Crew: 2},
		},
	}
	towns := []string{"春熙路街道", "书院街街道", "合江亭街道", "水井坊街道", "牛市口街道", "双桂路街道"}
	for i := range 24 {
		in.Bookings = append(in.Bookings, booking.Booking{ID: "B" + string(rune('A'+i)), Lon: 104.05 + 0.004*float64(i%8), Lat: 30.63 + 0.01*float64(i/8),
			Township: towns[i%len(towns)], Items: booking.Items{{Category: "refrigerator", Count: 1}, {Category: "television", Count: 1}},
			Note: "请提前电话联系", Earliest: date, Latest: date})
	}
	res, err := schedule.Schedule(context.Background(), in, schedule.Options{Date: date, Iterations: 200})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Days[0]
	if len(p.Routes) < 2 {
		t.Fatalf("want at least two routes, got %d", len(p.Routes))
	}
	return p
}

func TestHTML(t *testing.T) {
	p := testPlan(t)
	var buf bytes.Buffer
	if err := sheet.WriteHTML(&buf, p, sheet.Options{}); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if got := strings.Count(html, `<section class="sheet"`); got != len(p.Routes) {
		t.Errorf("%d sheets, want one per route (%d)", got, len(p.Routes))
	}
	for _, want := range []string{"size: A4", "page-break-after: always", "春熙路街道", "请提前电话联系", "锦江区 中转站", "<svg"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "<?xml") {
		t.Error("inline SVG keeps its XML declaration")
	}
	// Several maps on one page: every id unique.
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bid="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		if seen[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		seen[m[1]] = true
	}
	if len(seen) < 2*len(p.Routes) {
		t.Errorf("%d ids, want a section and a clip path per route", len(seen))
	}
}

func TestPDF(t *testing.T) {
	p := testPlan(t)
	var a, b bytes.Buffer
	if err := sheet.WritePDF(&a, p, sheet.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := sheet.WritePDF(&b, p, sheet.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a.Bytes()[:min(20, a.Len())])
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same plan gave two different PDFs")
	}
	pages := bytes.Count(a.Bytes(), []byte("/Type /Page\n")) + bytes.Count(a.Bytes(), []byte("/Type /Page "))
	if pages < len(p.Routes) {
		t.Errorf("%d pages for %d routes", pages, len(p.Routes))
	}
	// The Chinese text is kept: every character of a place name and every
	// digit maps to a real glyph of the embedded font (CID = code point,
	// CIDToGIDMap gives a glyph other than .notdef).
	gid := cidToGID(t, a.Bytes())
	for _, r := range "春熙路中转站0123456789:ABab" {
		if int(r)*2+1 >= len(gid) || gid[2*int(r)] == 0 && gid[2*int(r)+1] == 0 {
			t.Errorf("PDF has no glyph for %q (U+%04X)", r, r)
		}
	}
	if bytes.Contains(a.Bytes(), []byte("FontFile2")) == false {
		t.Error("no embedded TrueType font")
	}
}

// cidToGID returns the inflated CIDToGIDMap stream of the PDF's font.
func cidToGID(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no CIDToGIDMap")
	}
	obj := bytes.Index(pdf, []byte("\n"+string(m[1])+" 0 obj"))
	if obj < 0 {
		t.Fatalf("no object %s", m[1])
	}
	rest := pdf[obj:]
	i := bytes.Index(rest, []byte("stream\n"))
	j := bytes.Index(rest, []byte("endstream"))
	zr, err := zlib.NewReader(bytes.NewReader(rest[i+len("stream\n") : j]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestGeoJSON(t *testing.T) {
	p := testPlan(t)
	var buf bytes.Buffer
	if err := sheet.WriteGeoJSON(&buf, p, sheet.Options{}); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type string
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	routes, stops := 0, 0
	for _, f := range fc.Features {
		switch f.Properties["kind"] {
		case "route":
			routes++
			if f.Geometry.Type != "LineString" {
				t.Errorf("route geometry %s", f.Geometry.Type)
			}
		case "stop":
			stops++
		}
	}
	if routes != len(p.Routes) || stops != p.Totals.Served {
		t.Errorf("%d routes, %d stops; want %d, %d", routes, stops, len(p.Routes), p.Totals.Served)
	}
}
