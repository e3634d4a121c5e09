package ledger

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileOf writes a random valid ledger of n world steps to a file and
// returns its lines.
func randomLedgerLines(t *testing.T, seed uint64, steps int) [][]byte {
	t.Helper()
	w := newWorld(seed)
	for range steps {
		w.step()
	}
	m := NewMemory()
	evs := w.run(t, testLedger(t, m))
	var buf bytes.Buffer
	if err := WriteEvents(&buf, evs); err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(buf.Bytes(), []byte("\n"))[:len(evs)]
}

func verifyLines(t *testing.T, lines [][]byte) *Verification {
	t.Helper()
	vr := NewVerifier(nil)
	err := ReadEvents(context.Background(), bytes.NewReader(bytes.Join(lines, nil)), "test", func(line int, e Event) error {
		vr.Add(line, &e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return vr.Result()
}

// TestVerifyFindsTampering: on random ledgers, every kind of edit made
// behind the ledger is found, and the first broken event named is the
// edited one (or, for a removed or reordered line, the one after it).
func TestVerifyFindsTampering(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		lines := randomLedgerLines(t, seed, 60)
		if v := verifyLines(t, lines); !v.OK() {
			t.Fatalf("seed %d: untouched ledger broken: %v", seed, v.Breaks)
		}
		r := rand.New(rand.NewPCG(seed, 7))
		i := r.IntN(len(lines))
		e, err := DecodeEvent(lines[i])
		if err != nil {
			t.Fatal(err)
		}
		type tamper struct {
			name   string
			lines  [][]byte
			wantAt int // line of the first break, 1-based
		}
		edit := func(f func(e *Event)) [][]byte {
			c := e.Clone()
			f(&c)
			out := append([][]byte(nil), lines...)
			out[i] = AppendLine(nil, &c)
			return out
		}
		cases := []tamper{
			{"count", edit(func(e *Event) { e.Items[0].Count++ }), i + 1},
			{"kg", edit(func(e *Event) { e.Items[0].Kg += 0.001 }), i + 1},
			{"time", edit(func(e *Event) { e.Time = e.Time.Add(-1e3) }), i + 1},
			{"category", edit(func(e *Event) { e.Items[0].Category = "computer" }), i + 1},
		}
		// Removing line i, or editing it and its hash, breaks the chain at
		// the site's next event; for the site's last event only the heads
		// saved before show it.
		removed := append(append([][]byte(nil), lines[:i]...), lines[i+1:]...)
		rehashed := edit(func(e *Event) { e.Items[0].Count++; e.Hash = HashOf(e) })
		next := -1
		for j := i + 1; j < len(lines); j++ {
			f, _ := DecodeEvent(lines[j])
			if f.Site == e.Site {
				next = j
				break
			}
		}
		if next >= 0 {
			cases = append(cases, tamper{"removed", removed, next}, tamper{"rehashed", rehashed, next + 1})
		} else {
			saved := verifyLines(t, lines).Heads
			for _, c := range [][][]byte{removed, rehashed} {
				vr := NewVerifier(saved)
				ReadEvents(context.Background(), bytes.NewReader(bytes.Join(c, nil)), "t", func(n int, e Event) error { vr.Add(n, &e); return nil })
				if v := vr.Result(); v.OK() || len(v.HeadMismatches) != 1 {
					t.Errorf("seed %d: last event %s removed or rehashed: head mismatches %v", seed, e.ID, v.HeadMismatches)
				}
			}
		}
		for _, c := range cases {
			v := verifyLines(t, c.lines)
			if v.OK() {
				t.Errorf("seed %d, %s of line %d (%s): not found", seed, c.name, i+1, e.ID)
				continue
			}
			if v.Breaks[0].Line != c.wantAt {
				t.Errorf("seed %d, %s of line %d: first break at line %d (%s), want %d", seed, c.name, i+1, v.Breaks[0].Line, v.Breaks[0].Reason, c.wantAt)
			}
		}
	}
}

func TestVerifySavedHeads(t *testing.T) {
	lines := randomLedgerLines(t, 3, 40)
	v := verifyLines(t, lines)
	saved := v.Heads
	// Drop the last line: the chain is still valid, the saved head is not.
	last, _ := DecodeEvent(lines[len(lines)-1])
	vr := NewVerifier(saved)
	err := ReadEvents(context.Background(), bytes.NewReader(bytes.Join(lines[:len(lines)-1], nil)), "t", func(n int, e Event) error {
		vr.Add(n, &e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := vr.Result()
	if len(got.Breaks) != 0 || len(got.HeadMismatches) != 1 || !strings.Contains(got.HeadMismatches[0], last.ID) {
		t.Errorf("got breaks %v, head mismatches %v; want one mismatch naming %s", got.Breaks, got.HeadMismatches, last.ID)
	}
}

// TestFileStoreVerify: a ledger file edited on disk is refused for
// appending and Verify names the edited event.
func TestFileStoreVerify(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.jsonl")
	f, err := OpenFile(path, FileOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	l := testLedger(t, f)
	for i := range 5 {
		e := collectedEvent(fmt.Sprint("c", i))
		e.Items[0].Count = i + 1
		mustAppend(t, l, e)
	}
	if _, err := OpenFile(path, FileOptions{}); err == nil || !strings.Contains(err.Error(), "another process") && !strings.Contains(err.Error(), "open for writing") {
		t.Errorf("second open: got %v, want the lock error", err)
	}
	v, err := Verify(context.Background(), f, nil)
	if err != nil || !v.OK() || v.Events != 5 {
		t.Fatalf("verify: %+v %v", v, err)
	}
	f.Close()
	b, _ := os.ReadFile(path)
	b = bytes.Replace(b, []byte(`"count":3`), []byte(`"count":30`), 1)
	os.WriteFile(path, b, 0o644)
	f, err = OpenFile(path, FileOptions{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer f.Close()
	v, err = Verify(context.Background(), f, nil)
	if err != nil || v.OK() || v.Breaks[0].ID != "v1/3" || v.Breaks[0].Line != 3 || !strings.Contains(v.Breaks[0].Reason, "edited") {
		t.Errorf("verify after edit: %+v %v, want line 3 v1/3 edited", v.Breaks, err)
	}
}

func TestFileStoreReopenAndTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.jsonl")
	f, err := OpenFile(path, FileOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	l := testLedger(t, f)
	a := mustAppend(t, l, collectedEvent("a"))
	f.Close()
	f, err = OpenFile(path, FileOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	l = testLedger(t, f)
	if got, dup, err := l.Append(context.Background(), collectedEvent("a")); err != nil || !dup || got.Hash != a.Hash {
		t.Errorf("retry after reopen: dup %v err %v", dup, err)
	}
	b := mustAppend(t, l, collectedEvent("b"))
	if b.Prev != a.Hash || b.Seq != 2 {
		t.Errorf("after reopen: seq %d prev %.8s, want 2 %.8s", b.Seq, b.Prev, a.Hash)
	}
	f.Close()
	fh, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fh.WriteString(`{"id":"v1/3","seq":3,"client_id":"c"`)
	fh.Close()
	if _, err := OpenFile(path, FileOptions{}); err == nil || !strings.Contains(err.Error(), ":3: incomplete last line") {
		t.Errorf("torn line: got %v", err)
	}
}
