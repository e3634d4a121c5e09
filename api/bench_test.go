package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// BenchmarkPostBooking measures the handler's own cost of POST
// /v1/bookings on the memory store (no network, no database).
func BenchmarkPostBooking(b *testing.B) {
	e := newEnv(&testing.T{}, func(*store.Memory) jobs.Runner { return &manualRunner{} })
	h := e.srv.Handler()
	key := "Bearer " + e.keys[store.RoleDispatcher]
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		body := fmt.Sprintf(`{"id":"b%07d","lon":104.07,"lat":30.67,"county":"510104","items":"refrigerator:1","earliest":"2026-12-01","latest":"2026-12-07"}`, i)
		req := httptest.NewRequest("POST", "/v1/bookings", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
