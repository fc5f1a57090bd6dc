#!/usr/bin/env bash
# Router forwarding in the engine against direct appends, in one run: throughput for 1 → 1 and 1 → 16 with the
# ratio to direct appends, and write → visible latency with what forwarding adds, for the disk and fsync
# classes, 3 interleaved rounds. Builds nothing: run `mvn -B -DskipTests package` first. Arguments are passed to
# the tool, e.g. `--quick` for a smoke run, `--batch 1,16`, or `--classes fsync --fanout 1`; `--help` lists them.
# The output is also written to log-bench/target/router-bench-<UTC time>.txt.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bench_jar=log-bench/target/seqlog-bench.jar
# shellcheck source=scripts/require-jars.sh
source "$root/log-bench/scripts/require-jars.sh"
require_jars "$bench_jar"

out="log-bench/target/router-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "output also goes to $out" >&2
java -cp "$bench_jar" dev.seqlog.bench.router.RouterBench "$@" 2>&1 | tee "$out"
