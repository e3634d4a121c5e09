#!/bin/sh
# Rebuilds the Gehring & Homberger tables of benchmarks/RESULTS.md (section
# "Routing III") from the saved runs in benchmarks/vrptw/results: one
# series per label, seed and thread count; halves of a series run side by
# side join into one column.
set -e
cd "$(dirname "$0")/../.."
exec go run ./cmd/huishou bench vrptw --table benchmarks/vrptw/results "$@"
