package web_test

import (
	"context"
	"slices"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/store"
)

// testRoles logs in with a dispatcher's and a viewer's key: each sees the
// views its role may use, and a bad key is refused with the reason.
func testRoles(s *site) {
	t := s.t
	keyOf := func(role store.Role) string {
		secret, k, err := api.NewKey(role, string(role)+" in the browser")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.st.CreateKey(context.Background(), k); err != nil {
			t.Fatal(err)
		}
		return secret
	}
	login := func(key string) {
		if eval[bool](s, `document.getElementById('logout') !== null`) {
			s.do("log out", chromedp.Click(chromedp.ID("logout")))
		}
		s.wait("login page", `document.getElementById('key') !== null`, 10*time.Second)
		eval[bool](s, `(document.getElementById('key').value = '', true)`)
		s.do("log in", chromedp.SendKeys(chromedp.ID("key"), key+"\r"))
	}
	for _, c := range []struct {
		role store.Role
		home string
		nav  []string
	}{
		{store.RoleDispatcher, "dispatch", []string{"dispatch", "ledger"}},
		{store.RoleViewer, "planner", []string{"planner", "dispatch", "ledger"}},
	} {
		login(keyOf(c.role))
		s.wait(string(c.role)+" home", `document.querySelector('main[data-ready="1"][data-view="`+c.home+`"]') !== null`, 20*time.Second)
		nav := eval[[]string](s, `[...document.querySelectorAll('#nav a')].map(a => a.dataset.view)`)
		if !slices.Equal(nav, c.nav) {
			t.Errorf("%s sees views %v, want %v", c.role, nav, c.nav)
		}
	}
	// a viewer may look but not start runs
	if !eval[bool](s, `document.getElementById('start-run').disabled`) {
		t.Errorf("a viewer can start a run")
	}
	login("hs_0123456789ab_not-a-key")
	s.wait("refusal", `(document.getElementById('login-error')?.textContent || '') !== ''`, 10*time.Second)
	login(s.key)
	s.wait("admin back", `document.querySelector('main[data-ready="1"]') !== null && document.getElementById('logout') !== null`, 20*time.Second)
}
