package web_test

import (
	"fmt"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// touch sends one touch event.
func (s *site) touch(typ input.DispatchTouchEventType, pts ...[2]float64) {
	s.t.Helper()
	var tp []*input.TouchPoint
	for _, p := range pts {
		tp = append(tp, &input.TouchPoint{X: p[0], Y: p[1]})
	}
	if tp == nil {
		tp = []*input.TouchPoint{}
	}
	if _, err := chromedp.Call(s.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: tp}); err != nil {
		s.t.Fatalf("touch %s: %v", typ, err)
	}
}

// testTablet checks the views on a tablet in portrait (768×1024, touch):
// nothing wider than the screen, and the map pans with a finger.
func testTablet(s *site) {
	t := s.t
	s.do("tablet viewport", chromedp.EmulateViewport(768, 1024, chromedp.EmulateTouch))
	defer s.do("desktop viewport", chromedp.EmulateViewport(1280, 800))
	s.setLang("zh")
	defer s.setLang("en")
	noOverflow := `document.documentElement.scrollWidth <= window.innerWidth + 1`
	s.open("#/planner?scenario=sichuan", "planner")
	if !eval[bool](s, noOverflow) {
		t.Errorf("planner on a tablet is %d px wide for a %d px screen", eval[int](s, `document.documentElement.scrollWidth`), 768)
	}
	// one finger drags the map
	box := eval[[]float64](s, `(() => { const f = document.querySelector('[data-map="a"] .map-frame'); f.scrollIntoView(); const r = f.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	before := eval[string](s, `document.querySelector('[data-map="a"] .world').getAttribute('transform')`)
	x, y := box[0], box[1]
	s.touch(input.DispatchTouchEventTypeTouchStart, [2]float64{x, y})
	for i := 1; i <= 5; i++ {
		s.touch(input.DispatchTouchEventTypeTouchMove, [2]float64{x - float64(20*i), y + float64(10*i)})
	}
	s.touch(input.DispatchTouchEventTypeTouchEnd)
	s.wait("map panned by touch", fmt.Sprintf(`document.querySelector('[data-map="a"] .world').getAttribute('transform') !== %q`, before), 5*time.Second)
	eval[bool](s, `(window.scrollTo(0, 0), true)`)
	s.shot("tablet-planner")
	s.open("#/dispatch?date="+dispatchDate, "dispatch")
	if !eval[bool](s, noOverflow) {
		t.Errorf("dispatch on a tablet is %d px wide for a %d px screen", eval[int](s, `document.documentElement.scrollWidth`), 768)
	}
	s.shot("tablet-dispatch")
}
