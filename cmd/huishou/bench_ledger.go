package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/api/ledger/regional"
	"github.com/huishou/huishou/api/ledger/simulate"
	"github.com/huishou/huishou/api/store"
	"github.com/huishou/huishou/scenarios/region"
)

func init() {
	registerBench(&command{
		Name:    "ledger",
		Summary: "the work ledger on PostgreSQL (DATABASE_URL): concurrent appends, or a province-year report",
		Usage: "huishou bench ledger --target append [--writers 16] [--events 20000] [--sends 2]\n" +
			"       huishou bench ledger --target report [--per-county-day 150] [--runs 5] [--keep]",
		Example: "DATABASE_URL=postgres://… huishou bench ledger --target append --writers 16 --events 20000",
		Run:     runBenchLedger,
	})
}

// runBenchLedger measures on a fresh schema of the database at
// DATABASE_URL (dropped afterwards unless --keep).
func runBenchLedger(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(benchKinds["ledger"], stderr)
	target := fs.String("target", "append", "append (concurrent writers with retries; lost and doubled counted) or report (a province-year ledger imported, then the report timed)")
	writers := fs.Int("writers", 16, "append: concurrent writers")
	events := fs.Int("events", 20000, "append: distinct events")
	sends := fs.Int("sends", 2, "append: sends per event (1 + retries)")
	perDay := fs.Int("per-county-day", 150, "report: events per county and day (150 × 183 counties × 365 days ≈ 10 M)")
	runs := fs.Int("runs", 5, "report: timed runs (the median is reported)")
	keep := fs.Bool("keep", false, "keep the schema (its name is printed)")
	cpuProfile := fs.String("cpuprofile", "", "append: write a CPU profile of the timed appends to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	base := os.Getenv("DATABASE_URL")
	if base == "" {
		return errors.New("DATABASE_URL is not set: the ledger benchmark runs on PostgreSQL")
	}
	ctx := context.Background()
	dbURL, drop, err := benchSchema(ctx, base, "bench_ledger", *keep)
	if err != nil {
		return err
	}
	defer drop()
	pool, err := store.OpenPool(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := store.Migrate(ctx, pool, nil); err != nil {
		return err
	}
	pg := store.NewPostgres(pool).Ledger()
	switch *target {
	case "append":
		sites, err := simulate.LoadSites(*writers * 4)
		if err != nil {
			return err
		}
		l := ledger.New(pg, sites, ledger.Options{})
		// The CPU of the timed appends: this process's, and that of the
		// PostgreSQL backends serving the pool (read from /proc when the
		// server runs on this machine; the connections are opened first
		// so that their start-up is not counted).
		backends, err := warmPool(ctx, pool, *writers)
		if err != nil {
			return err
		}
		load0 := load1()
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		var res *simulate.LoadResult
		var cpu, pgCPU time.Duration
		var pgOK bool
		opt := simulate.LoadOptions{Writers: *writers, Events: *events, Sends: *sends}
		opt.Timed = func(run func() error) error {
			c0, b0 := processCPU(), backendCPU(backends)
			err := run()
			cpu = processCPU() - c0
			if b1 := backendCPU(backends); b0 >= 0 && b1 >= 0 {
				pgCPU, pgOK = b1-b0, true
			}
			stopProfile()
			return err
		}
		res, err = simulate.AppendLoad(ctx, l, opt)
		stopProfile()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "ledger appends on PostgreSQL: %d writers, %d events × %d sends in %.2fs: %.0f events/s stored (%.0f sends/s); %d stored, %d lost, %d doubled, %d answered as retries\n",
			res.Writers, res.Events, res.Sends, res.Elapsed.Seconds(), res.PerSecond, float64(res.Events*res.Sends)/res.Elapsed.Seconds(),
			res.Stored, res.Lost, res.Doubled, res.Duplicates)
		sent := float64(res.Events * res.Sends)
		pgText := "PostgreSQL backends: not measured (server not on this machine)"
		if pgOK {
			pgText = fmt.Sprintf("PostgreSQL backends %.2fs = %.3f ms/send", pgCPU.Seconds(), pgCPU.Seconds()*1000/sent)
		}
		fmt.Fprintf(stdout, "CPU of the timed appends: client %.2fs = %.3f ms/send; %s; load1 %.2f → %.2f\n",
			cpu.Seconds(), cpu.Seconds()*1000/sent, pgText, load0, load1())
		if res.Lost != 0 || res.Doubled != 0 {
			return fmt.Errorf("%d lost, %d doubled", res.Lost, res.Doubled)
		}
	case "report":
		reg, err := region.Builtin("sichuan")
		if err != nil {
			return err
		}
		t0 := time.Now()
		src := func(fn func(*ledger.Event) error) error {
			_, err := simulate.ProvinceYear(reg, 2025, *perDay, 1, fn)
			return err
		}
		n, err := pg.Import(ctx, src)
		if err != nil {
			return err
		}
		var rows int64
		pool.QueryRow(ctx, `SELECT count(*) FROM ledger_facts`).Scan(&rows)
		if _, err := pool.Exec(ctx, `ANALYZE ledger_facts`); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported a province-year: %d events, %d fact rows, in %.1fs\n", n, rows, time.Since(t0).Seconds())
		p := ledger.MustPeriod("2025")
		var times, query []float64
		var rep *ledger.Report
		for range *runs {
			t := time.Now()
			opt, err := regional.Options(reg, p, ledger.Province, false)
			if err != nil {
				return err
			}
			t1 := time.Now()
			facts, err := pg.FactsFor(ctx, p)
			if err != nil {
				return err
			}
			query = append(query, time.Since(t1).Seconds())
			if rep, err = ledger.BuildReport(facts, opt); err != nil {
				return err
			}
			times = append(times, time.Since(t).Seconds())
		}
		slices.Sort(times)
		slices.Sort(query)
		fmt.Fprintf(stdout, "province-year report (period 2025, level province, with forecast) from PostgreSQL: median %.3fs of %d runs (min %.3fs, max %.3fs; the facts query %.3fs); %d units, %.0f t collected, %d trade-ins\n",
			times[len(times)/2], len(times), times[0], times[len(times)-1], query[len(query)/2], rep.Total.Units, rep.Total.Tonnes, rep.Total.TradeIns)
		t := time.Now()
		opt, _ := regional.Options(reg, p, ledger.County, false)
		if rep, err = ledger.BuildStoreReport(ctx, pg, opt); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "county-level report of the same year: %.3fs, %d rows\n", time.Since(t).Seconds(), len(rep.Rows))
	default:
		return fmt.Errorf("--target: %q is not append or report", *target)
	}
	return nil
}

// benchSchema creates a schema of its own in the database at base and
// returns a URL that uses it and a function that drops it (unless keep).
func benchSchema(ctx context.Context, base, prefix string, keep bool) (string, func(), error) {
	schema := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, err
	}
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		conn.Close(ctx)
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		defer conn.Close(context.Background())
		if keep {
			fmt.Fprintf(os.Stderr, "kept schema %s\n", schema)
			return
		}
		conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	}
	return u.String(), drop, nil
}

// warmPool opens n connections of pool and returns their backends'
// process ids.
func warmPool(ctx context.Context, pool *pgxpool.Pool, n int) ([]uint32, error) {
	var pids []uint32
	var conns []*pgxpool.Conn
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for range n {
		c, err := pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		conns = append(conns, c)
		pids = append(pids, c.Conn().PgConn().PID())
	}
	return pids, nil
}

// backendCPU returns the CPU time (user + system) the processes pids have
// used so far, from /proc, or -1 when one cannot be read.
func backendCPU(pids []uint32) time.Duration {
	var ticks int64
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return -1
		}
		// Fields after the command name (which may hold spaces): state is
		// field 3, utime 14, stime 15.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			return -1
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 13 {
			return -1
		}
		u, err1 := strconv.ParseInt(f[11], 10, 64)
		s, err2 := strconv.ParseInt(f[12], 10, 64)
		if err1 != nil || err2 != nil {
			return -1
		}
		ticks += u + s
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ is 100 on Linux
}

// processCPU returns the CPU time (user + system) of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
