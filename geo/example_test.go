package geo_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/huishou/huishou/geo"
	"github.com/paulmach/orb"
)

func ExampleEstimate() {
	pts := []orb.Point{
		{104.0665, 30.5728}, // Chengdu
		{101.9625, 30.0497}, // Kangding
	}
	m, err := geo.Estimate(context.Background(), pts, geo.EstimateOptions{
		Areas:  []geo.Area{geo.Urban, geo.Mountain},
		AreaOf: []int{0, 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.0f km, %.1f h\n", m.Distance(0, 1)/1000, m.Duration(0, 1)/3600)
	// Output: 305 km, 10.4 h
}

func ExampleReadCSV() {
	in := "from,to,metres,seconds\nhub,A,1200,180\nA,hub,1300,200\n"
	m, err := geo.ReadCSV(strings.NewReader(in), "pairs.csv", geo.CSVOptions{IDs: []string{"hub", "A"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Distance(0, 1), m.Duration(1, 0))

	_, err = geo.ReadCSV(strings.NewReader("hub,A,1200,x\n"), "pairs.csv", geo.CSVOptions{IDs: []string{"hub", "A"}})
	fmt.Println(err)
	// Output:
	// 1200 200
	// geo: pairs.csv:1: seconds: "x" is not a finite non-negative number
}

func ExampleMap() {
	m := geo.NewMap(orb.Bound{Min: orb.Point{103.5, 30.3}, Max: orb.Point{104.5, 31}}, 600)
	m.Title = "Chengdu pickups"
	m.Points("collection points", []geo.MapPoint{
		{Pt: orb.Point{104.07, 30.67}, Value: 120, Label: "Jinjiang"},
		{Pt: orb.Point{103.85, 30.55}, Value: 30},
	}, geo.PointStyle{})
	m.Lines("routes", []geo.MapLine{
		{Path: orb.LineString{{104.07, 30.67}, {103.85, 30.55}}, Group: 0, Label: "truck 1"},
	}, geo.LineStyle{})
	if err := m.WriteSVG(os.Stdout); err != nil {
		fmt.Println(err)
	}
}
