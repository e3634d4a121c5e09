// Package sharedtest finds the shared benchmark data (../shared beside the
// repository) for tests that need it. A missing folder fails the test
// loudly: CI always has it, and a test that skips silently there would pass
// without checking anything. A developer without the data may skip such
// tests deliberately with HUISHOU_SKIP_SHARED=1.
//
// It imports only the standard library and is imported only by tests.
package sharedtest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// SkipEnv names the variable that, set to 1, turns a missing ../shared into
// a skip instead of a failure.
const SkipEnv = "HUISHOU_SKIP_SHARED"

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root returns the shared folder: $HUISHOU_SHARED if set, else "shared"
// beside the directory that holds the module's go.mod.
func Root() (string, error) {
	rootOnce.Do(func() {
		if d := os.Getenv("HUISHOU_SHARED"); d != "" {
			root = d
			return
		}
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = filepath.Join(filepath.Dir(dir), "shared")
				return
			}
			up := filepath.Dir(dir)
			if up == dir {
				rootErr = os.ErrNotExist
				return
			}
			dir = up
		}
	})
	return root, rootErr
}

// Path returns the path of rel (slash-separated, e.g.
// "benchmarks/cvrp/X/X-n101-k25.vrp") inside the shared folder. When it
// does not exist the test fails at once, or is skipped when
// HUISHOU_SKIP_SHARED=1.
func Path(t testing.TB, rel string) string {
	t.Helper()
	r, err := Root()
	if err == nil {
		p := filepath.Join(r, filepath.FromSlash(rel))
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv(SkipEnv) == "1" {
		t.Skipf("shared data %s not available (%v); skipped because %s=1", rel, err, SkipEnv)
	}
	t.Fatalf("shared data %s not available: %v (this test needs ../shared beside the repository, or HUISHOU_SHARED=DIR; set %s=1 to skip it deliberately)", rel, err, SkipEnv)
	return ""
}

// Glob returns the files matching pattern (e.g. "*.txt") in the shared
// folder rel, failing like Path when the folder is missing and failing
// when it holds no such file.
func Glob(t testing.TB, rel, pattern string) []string {
	t.Helper()
	dir := Path(t, rel)
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s files in %s (%v)", pattern, dir, err)
	}
	return files
}

// Optional returns the path of rel inside the shared folder when it exists
// and "" otherwise, for fuzz seed corpora that only gain from the data.
func Optional(rel string) string {
	r, err := Root()
	if err != nil {
		return ""
	}
	p := filepath.Join(r, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
