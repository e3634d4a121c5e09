package region_test

import (
	"fmt"
	"strings"

	"github.com/huishou/huishou/scenarios/region"
)

func ExampleBuiltin() {
	s, err := region.Builtin("sichuan")
	if err != nil {
		panic(err)
	}
	pop := 0
	for _, c := range s.Counties {
		pop += c.Population
	}
	jj, _ := s.County("510104")
	fmt.Println(len(s.Counties), "counties in", len(s.Prefectures()), "prefectures, population", pop)
	fmt.Println(len(s.Townships), "townships;", jj.Name, jj.Terrain, len(s.TownshipsOf(jj.Adcode)), "townships")
	// Output:
	// 183 counties in 21 prefectures, population 83674866
	// 3101 townships; 锦江区 urban 11 townships
}

func ExampleRegion_ReplaceTownshipPoints() {
	s, _ := region.Builtin("sichuan")
	csv := "code,lon,lat,note\n510104022,104.0785,30.6590,春熙路 survey\n"
	n, err := s.ReplaceTownshipPoints(strings.NewReader(csv), "survey.csv")
	fmt.Println(n, err)
	for _, t := range s.TownshipsOf("510104") {
		if t.Code == "510104022" {
			fmt.Println(t.Name, t.Point, t.Provenance, t.Source)
		}
	}
	_, err = s.ReplaceTownshipPoints(strings.NewReader("code,lon,lat\n510104022,102.26,27.89\n"), "bad.csv")
	fmt.Println(err)
	// Output:
	// 1 <nil>
	// 春熙路街道 [104.0785 30.659] user survey.csv:2
	// region: bad.csv:2: lon,lat: point 102.26,27.89 is outside 510104 锦江区, the county of township 510104022 春熙路街道
}
