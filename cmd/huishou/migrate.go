package main

import (
	"context"
	"fmt"
	"io"

	"github.com/huishou/huishou/api/jobs"
	"github.com/huishou/huishou/api/store"
)

func init() {
	register(&command{
		Name:    "migrate",
		Summary: "apply the embedded database migrations (store tables and River's) to DATABASE_URL",
		Usage:   "huishou migrate",
		Example: "DATABASE_URL=postgres://postgres:huishou@127.0.0.1:5432/huishou huishou migrate",
		Run:     runMigrate,
	})
}

func runMigrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["migrate"], stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	be, err := openBackend(ctx, false)
	if err != nil {
		return err
	}
	defer be.st.Close()
	res, err := store.Migrate(ctx, be.pg.Pool(), nil)
	if err != nil {
		return err
	}
	for _, r := range res {
		fmt.Fprintf(stdout, "applied %s\n", r.Source)
	}
	n, err := jobs.MigrateRiver(ctx, be.pg.Pool())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "store: %d migrations applied; river: %d migrations applied\n", len(res), n)
	return nil
}
