package store

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationFiles are the SQL migrations, embedded in the binary. Each file
// is NNNNN_name.sql with goose's "-- +goose Up" and "-- +goose Down"
// sections.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded migration files (for inspection and
// tests).
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the directory is embedded: cannot fail
	}
	return sub
}

// MigrationResult names one migration applied by Migrate.
type MigrationResult struct {
	Version int64
	Source  string
}

// Migrate applies the pending embedded migrations to the database of pool
// (its search_path's schema) with goose, holding a PostgreSQL advisory
// lock so that several processes may call it at once. It returns the
// migrations applied, none when the schema is current.
func Migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) ([]MigrationResult, error) {
	// One advisory lock per schema: processes migrating the same schema
	// wait for each other (retrying every second), other schemas (tests)
	// do not.
	var schema string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("huishou goose " + schema))
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300), lock.WithUnlockTimeout(1, 60))
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, Migrations(), opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	out := make([]MigrationResult, len(res))
	for i, r := range res {
		out[i] = MigrationResult{Version: r.Source.Version, Source: r.Source.Path}
	}
	return out, nil
}
