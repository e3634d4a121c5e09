package ledger_test

import (
	"path/filepath"
	"testing"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/ledgertest"
)

func TestMemoryContract(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) ledger.Store { return ledger.NewMemory() })
}

func TestFileContract(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) ledger.Store {
		f, err := ledger.OpenFile(filepath.Join(t.TempDir(), "ledger.jsonl"), ledger.FileOptions{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	})
}
