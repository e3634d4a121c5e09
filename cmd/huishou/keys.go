package main

import (
	"context"
	"fmt"
	"io"

	"github.com/huishou/huishou/api"
	"github.com/huishou/huishou/api/store"
)

func init() {
	register(&command{
		Name:    "keys",
		Summary: "create an API key (stored hashed in the database at DATABASE_URL; the key is shown once)",
		Usage:   "huishou keys create --role planner|dispatcher|viewer|admin [--name TEXT]",
		Example: "huishou keys create --role dispatcher --name \"Pengzhou depot\"",
		Run:     runKeys,
	})
}

func runKeys(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			newFlagSet(commands["keys"], stderr).Usage()
			return nil
		}
		fmt.Fprintln(stderr, "usage: huishou keys create --role planner|dispatcher|viewer|admin [--name TEXT]")
		return errUsage
	}
	fs := newFlagSet(commands["keys"], stderr)
	role := fs.String("role", "", "admin, planner, dispatcher or viewer (required)")
	name := fs.String("name", "", "who holds the key (free text)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if !store.Role(*role).Valid() {
		return fmt.Errorf("--role: %q: want admin, planner, dispatcher or viewer", *role)
	}
	ctx := context.Background()
	be, err := openBackend(ctx, false)
	if err != nil {
		return fmt.Errorf("keys are stored in the database: %w", err)
	}
	defer be.st.Close()
	secret, k, err := api.NewKey(store.Role(*role), *name)
	if err != nil {
		return err
	}
	if err := be.pg.CreateKey(ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", secret)
	fmt.Fprintf(stderr, "created %s key %s (shown once: store it now)\n", *role, k.ID)
	return nil
}
