package locateio_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/huishou/huishou/optimizer/locate"
	"github.com/huishou/huishou/optimizer/locate/locateio"
)

// Two sites, two customers: opening site 0 alone (fixed 10, arcs 1+1) beats
// site 1 (fixed 10, arcs 5+5) and both (20 + 2).
const tiny = `{"sites":[{"fixed":10},{"fixed":10}],
 "demands":[{"amount":1,"arcs":[{"site":0,"cost":1},{"site":1,"cost":5}]},
            {"amount":1,"arcs":[{"site":0,"cost":1},{"site":1,"cost":5}]}]}`

func TestReadSolveWrite(t *testing.T) {
	p, err := locateio.Read(strings.NewReader(tiny))
	if err != nil {
		t.Fatal(err)
	}
	sol, err := locate.Solve(context.Background(), p, locate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := locateio.Write(&b, locateio.NewAnswer(sol, true)); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{`"cost":12,`, `"lower_bound":12,`, `"open":[0],`, `"modules":[0,-1],`, `"assign":[[0,0,1],[1,0,1]],`} {
		if !strings.Contains(got, want) {
			t.Errorf("answer %s: want %s", got, want)
		}
	}
	if !strings.HasSuffix(got, "}\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("answer %q: want one line", got)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ in, field, msg string }{
		{`{"sites":[{"status":"maybe"}]}`, "sites[0].status", `"maybe" is not free, open or closed`},
		{`{"sites":[],"extra":1}`, "", `unknown field "extra"`},
		{`{"sites":[`, "", "unexpected EOF"},
	} {
		_, err := locateio.Read(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Read(%s) = %v, want an error containing %q", tc.in, err, tc.msg)
			continue
		}
		var ie *locate.InputError
		if tc.field != "" && (!errors.As(err, &ie) || ie.Field != tc.field) {
			t.Errorf("Read(%s) = %v, want a *locate.InputError on %s", tc.in, err, tc.field)
		}
	}
}

// FuzzRead feeds arbitrary bytes to Read and the model validation: they
// must never panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"sites":[{"tier":0,"capacity":5,"modules":[{"fixed":1,"capacity":2}]},{"tier":1,"status":"open"}],"demands":[{"amount":1,"arcs":[{"site":0,"cost":1}]}],"links":[{"from":0,"to":1,"cost":1}]}`))
	f.Add([]byte(`{"sites":[{"tier":3}],"demands":[{"amount":-1,"arcs":[]}]}`))
	f.Add([]byte(tiny))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := locateio.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		_ = p.Validate()
	})
}
