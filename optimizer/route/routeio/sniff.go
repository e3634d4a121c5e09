package routeio

import (
	"bytes"
	"encoding/json"
)

// Sniff tells VROOM JSON from native JSON: it returns FormatVROOM when the
// document has a "matrix" or "matrices" field, or when its first vehicle
// or job has a field only VROOM uses (start_index, end_index,
// time_window, profile, location_index, a capacity array or a location
// array); FormatJSON when it has "locations"; "" when it cannot tell
// (not a JSON object, or neither kind of field).
func Sniff(data []byte) string {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil || top == nil {
		return ""
	}
	if _, ok := top["matrices"]; ok {
		return FormatVROOM
	}
	if _, ok := top["matrix"]; ok {
		if _, native := top["locations"]; !native {
			return FormatVROOM
		}
	}
	if _, ok := top["locations"]; ok {
		return FormatJSON
	}
	first := func(key string) map[string]json.RawMessage {
		var list []map[string]json.RawMessage
		if json.Unmarshal(top[key], &list) != nil || len(list) == 0 {
			return nil
		}
		return list[0]
	}
	isArray := func(raw json.RawMessage) bool {
		return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("["))
	}
	if v := first("vehicles"); v != nil {
		for _, k := range []string{"start_index", "end_index", "time_window", "profile", "speed_factor", "max_tasks"} {
			if _, ok := v[k]; ok {
				return FormatVROOM
			}
		}
		if isArray(v["capacity"]) || isArray(v["start"]) || isArray(v["end"]) {
			return FormatVROOM
		}
	}
	if j := first("jobs"); j != nil {
		if _, ok := j["location_index"]; ok || isArray(j["location"]) {
			return FormatVROOM
		}
	}
	return ""
}
