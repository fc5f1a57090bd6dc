#!/usr/bin/env bash
# Redis 7 Streams and the seqlog server side by side on loopback, in one run (docs/BENCHMARKS.md,
# "Redis Streams side by side"). Builds nothing: run `mvn -B -DskipTests package` first. Arguments are passed
# to the harness, e.g. `--quick` for a smoke run, `--workloads W1 --rounds 5`, or `--workloads W4 --tail sse` to
# compare seqlog's SSE watchers with Redis's XREAD BLOCK readers (`--w4-readers N` on both sides, default 10).
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

exec java -cp "$bench_jar" dev.seqlog.bench.redis.SideBySide \
  --server-jar "$server_jar" --redis-server "$(command -v redis-server)" "$@"
