package loadtest

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

// TestRunMemory runs a short attack of every kind against a server on
// the memory store: no errors, every write read back, heap sampled.
func TestRunMemory(t *testing.T) {
	st := store.NewMemory()
	secret, k, err := api.NewKey(store.RoleAdmin, "load")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateKey(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	pool := jobs.NewPool(st, jobs.DefaultRegistry(st), 1, nil, nil)
	t.Cleanup(func() { _ = pool.Shutdown(context.Background()) })
	srv, err := api.New(api.Config{Store: st, Runner: pool, Registry: reg, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })

	mix := map[string]float64{KindBooking: 3, KindLedger: 3, KindSchedule: 2, KindSheet: 2, KindRun: 1}
	rep, err := Run(context.Background(), Options{URL: "http://" + ln.Addr().String(), Key: secret, Rate: 40, Duration: 2 * time.Second,
		Mix: mix, Iterations: 50, SampleEvery: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	rep.WriteText(&sb)
	t.Log("\n" + sb.String())
	if rep.Requests < 70 || rep.Errors != 0 {
		t.Errorf("%d requests, %d errors, want about 80 and none", rep.Requests, rep.Errors)
	}
	for _, ks := range rep.Kinds {
		if ks.Requests == 0 {
			t.Errorf("no %s request was sent", ks.Kind)
		}
	}
	if rep.BookingsAcked == 0 || rep.EventsAcked == 0 || rep.Lost() != 0 {
		t.Errorf("bookings %d/%d, events %d/%d read back", rep.BookingsReadBack, rep.BookingsAcked, rep.EventsReadBack, rep.EventsAcked)
	}
	if len(rep.Heap) < 2 || rep.Heap[0].HeapInuseMB <= 0 || rep.Heap[0].Goroutines <= 0 {
		t.Errorf("heap samples %+v", rep.Heap)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1:8080", "http://example.com", "ftp://127.0.0.1", "http://192.168.1.2"} {
		if _, err := Run(context.Background(), Options{URL: u, Key: "k"}); err == nil || !strings.Contains(err.Error(), "loadtest") {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
}
