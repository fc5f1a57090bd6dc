#!/usr/bin/env bash
# Queue claim→ack throughput, seqlog (over HTTP and in-process) against Redis 7 Streams consumer groups, on
# loopback in one run (docs/BENCHMARKS.md, "Queues: claim→ack throughput"). Builds nothing: run
# `mvn -B -DskipTests package` first. Arguments are passed to the harness, e.g. `--quick` for a smoke run,
# `--classes fsync --workers 16`, `--leases-durable off,on`, `--batch 1,10`, `--redis-xdel`, or
# `--sides redis,inproc` to leave the server out. `--help` lists them all.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

server_jar=log-server/target/seqlog-server.jar
bench_jar=log-bench/target/seqlog-bench.jar
# shellcheck source=scripts/require-jars.sh
source "$root/log-bench/scripts/require-jars.sh"
require_jars "$server_jar" "$bench_jar"

# shellcheck source=scripts/ensure-redis-server.sh
source "$root/log-bench/scripts/ensure-redis-server.sh"
ensure_redis_server

exec java -cp "$bench_jar" dev.seqlog.bench.redis.QueueSideBySide \
  --server-jar "$server_jar" --redis-server "$(command -v redis-server)" "$@"
