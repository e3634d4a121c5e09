package routeio_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/huishou/huishou/optimizer/route"
	"github.com/huishou/huishou/optimizer/route/routeio"
)

// A VROOM request with a custom matrix (VROOM's docs/example_2.json),
// solved and written back as VROOM's solution format.
func ExampleReadVROOM() {
	in := `{
	  "vehicles": [{"id": 0, "start_index": 0, "end_index": 3}],
	  "jobs": [{"id": 1414, "location_index": 1}, {"id": 1515, "location_index": 2}],
	  "matrix": [[0, 2104, 197, 1299], [2103, 0, 2255, 3152], [197, 2256, 0, 1102], [1299, 3153, 1102, 0]]
	}`
	p, meta, err := routeio.ReadVROOM(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("locations", p.N, "depots", p.Depots, "jobs", meta.JobIDs)
	sol, err := route.Solve(context.Background(), p, route.Options{MaxIterations: 100})
	if err != nil {
		fmt.Println(meta.MapError(err))
		return
	}
	routeio.WriteText(os.Stdout, sol, routeio.TextOptions{
		Label: func(_ route.StepKind, i int) string { return meta.JobIDs[i].String() },
	})
	// Output:
	// locations 4 depots [0 3] jobs [1414 1515]
	// Route #1: 1414 1515
	// Cost 5461
}

// Bad input names the JSON path of the offending value.
func ExampleReadJSON_error() {
	in := `{"locations": [{"name": "yard", "lon": 104.06, "lat": 30.65}, {"name": "wang", "lon": 104.08, "lat": 30.66}],
	  "depot": "yard", "vehicles": [{"id": "truck"}],
	  "jobs": [{"id": "fridge", "location": "wang", "time_windows": [["12:00", "09:00"]]}]}`
	_, _, err := routeio.ReadJSON(strings.NewReader(in))
	fmt.Println(err)
	// Output:
	// routeio: json: jobs[0].time_windows[0]: start after end
}
