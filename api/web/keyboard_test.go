package web_test

import (
	"slices"
	"strings"

	"github.com/chromedp/chromedp"
)

// testKeyboard walks the planner with the Tab key alone: the skip link,
// the views, the run's controls and the map are all reached, in order.
func testKeyboard(s *site) {
	t := s.t
	s.open("#/planner?scenario=sichuan", "planner")
	eval[bool](s, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
	var seen []string
	for range 40 {
		s.do("tab", chromedp.KeyEvent("\t"))
		seen = append(seen, eval[string](s, `(() => { const e = document.activeElement; if (!e) return '';
			return e.id ? '#' + e.id : e.dataset.view ? 'nav:' + e.dataset.view : e.classList.contains('map-frame') ? 'map' : e.tagName.toLowerCase(); })()`))
	}
	// the walk starts wherever the focus was: read it from the skip link on
	if i := slices.Index(seen, "#skip"); i > 0 {
		seen = append(seen[i:], seen[:i]...)
	}
	want := []string{"#skip", "nav:planner", "nav:dispatch", "nav:ledger", "#lang", "#logout", "#scenario", "#run", "#new-prefecture", "#start-run", "#layer-coverage", "map"}
	last := -1
	for _, w := range want {
		i := slices.Index(seen, w)
		if i < 0 {
			t.Errorf("Tab never reaches %s (reached %s)", w, strings.Join(seen, " "))
			continue
		}
		if i < last {
			t.Errorf("Tab reaches %s before the element listed ahead of it (order %s)", w, strings.Join(seen, " "))
		}
		last = i
	}
	// Enter on the skip link moves the focus to the content
	s.open("#/planner?scenario=sichuan", "planner")
	eval[bool](s, `(document.getElementById('skip').focus(), true)`)
	s.do("skip", chromedp.KeyEvent("\r"))
	if got := eval[string](s, `document.activeElement.id`); got != "main" {
		t.Errorf("the skip link leaves the focus on %q, want main", got)
	}
}
