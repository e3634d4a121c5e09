// Package pgtest gives tests a fresh PostgreSQL schema of their own, so
// that tests of several packages (and helpers) share one database without
// seeing each other's rows.
//
// The database is DATABASE_URL. Without it a test is skipped, unless
// HUISHOU_REQUIRE_DATABASE=1 (set by CI), which makes the missing database
// a failure: CI cannot pass without running the PostgreSQL tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Required reports whether a missing database must fail the tests.
func Required() bool { return os.Getenv("HUISHOU_REQUIRE_DATABASE") == "1" }

// BaseURL returns DATABASE_URL, or skips t (fails it when Required).
func BaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		if Required() {
			t.Fatal("DATABASE_URL is not set and HUISHOU_REQUIRE_DATABASE=1: the PostgreSQL tests must run")
		}
		t.Skip("DATABASE_URL is not set: skipping a PostgreSQL test")
	}
	return u
}

// URL creates an empty schema in the database at DATABASE_URL and returns
// a URL whose connections use it (search_path). The schema is dropped when
// t ends.
func URL(t testing.TB) string {
	t.Helper()
	base := BaseURL(t)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connecting to DATABASE_URL: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("pgtest: dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("pgtest: dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
