#!/usr/bin/env bash
# Benchmarks of Mnemo (docs/benchmarks.md). Needs a build: mvn -B -DskipTests install (make bench / bench-quick do it).
#   scripts/bench.sh quick   JMH (short iterations), memory probes, store vs peer at 10 000 rows; prints the tables
#   scripts/bench.sh full    JMH, memory probes, gate ratios, store vs peer at 100 000 rows; rewrites docs/benchmarks.md
#   scripts/bench.sh gate    CI gate (~1-2 min): model memory (both domains) <= budget, throughput ratio >= committed floor
# Env: MNEMO_DB_URL (default: scripts/postgres.sh url), MNEMO_BENCH_BUDGET_MB (gate budget, default 1024),
#      MNEMO_BENCH_ROWS (store size; quick 10000, full 100000). Store benchmarks use a scratch database, dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
case "$mode" in quick|full|gate) ;; *) echo "usage: $0 quick|full|gate" >&2; exit 2 ;; esac

JAR=modules/bench/target/mnemo-bench-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ]; then
  echo "bench: $JAR is missing; build first: mvn -B -DskipTests install (make bench does)" >&2
  exit 2
fi
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/mnemo/djl}
export DJL_OFFLINE=${DJL_OFFLINE:-true}
OUT=$PWD/modules/bench/target/bench-results
TMP=$PWD/modules/bench/target/tmp   # JMH's lock file and ONNX Runtime's natives: private, not the shared /tmp
mkdir -p "$OUT" "$TMP"
# The bench jar's manifest lists its dependencies in the local Maven repository; the reactor's own modules come from
# their target/ folders first (after `mvn verify` alone, as in CI, they are not installed in ~/.m2). Keep -cp short:
# ONNX Runtime + DJL crashed the JVM with a classpath string over ~2 KB.
# Private copies: a rebuild of a module while a long run is going (another shell, another engineer) replaced its jar
# under the running JVMs and broke them (NoClassDefFoundError).
LIB=$TMP/lib-$$
mkdir -p "$LIB"
# ONNX Runtime leaves its extracted natives (~20 MB per JVM) behind in the temp folder: clean ours up.
trap 'rm -rf "$LIB" "$TMP"/onnxruntime-java*' EXIT
cp "$JAR" "$LIB/"
CP=$LIB/$(basename "$JAR")
for m in model store core embeddings; do
  j=$PWD/modules/$m/target/mnemo-$m-0.1.0-SNAPSHOT.jar
  if [ -f "$j" ]; then cp "$j" "$LIB/"; CP=$LIB/$(basename "$j"):$CP; fi
done
run() { java -Djava.io.tmpdir="$TMP" -cp "$CP" "$@"; }

if [ "$mode" = gate ]; then
  # The batching ratio is taken with one intra-op thread: there batching is the only source of speed-up, so the
  # signal is clearest (~2.2x; ~1.5x with the service's 2 threads, where a lone run already uses both cores).
  run -Dmnemo.bench.intra-op-threads=1 dev.mnemo.bench.gate.Gate modules/bench/gate-floors.properties "$OUT"
  exit 0
fi

started=$(date +%s)
rm -f "$OUT"/*.json
echo "== JMH: embeddings (TEXT, CODE, HYBRID) and LangChain4j, $mode"
run dev.mnemo.bench.jmh.RunJmh "$mode" "$OUT"
echo "== memory: TEXT, CODE, BOTH, one fresh JVM each"
run dev.mnemo.bench.memory.MemoryRun "$OUT" "$([ "$mode" = full ] && echo 3 || echo 2)"
echo "== gate ratios (informative here)"
run dev.mnemo.bench.gate.Gate modules/bench/gate-floors.properties "$OUT" || echo "bench: the gate would FAIL (see above)"
DB_URL=${MNEMO_DB_URL:-$(scripts/postgres.sh url 2>/dev/null || true)}
if [ -n "$DB_URL" ]; then
  rows=${MNEMO_BENCH_ROWS:-$([ "$mode" = full ] && echo 100000 || echo 10000)}
  echo "== store: ours vs LangChain4j PgVectorEmbeddingStore, $rows rows"
  MNEMO_DB_URL=$DB_URL run -Xmx6g dev.mnemo.bench.store.StoreBench "rows=$rows" "out=$OUT" "mode=$mode"
  echo "== tenancy: tenant scope + row-level security + key check vs the same work without them"
  MNEMO_DB_URL=$DB_URL run dev.mnemo.bench.store.TenancyBench "rows=$([ "$mode" = full ] && echo 50000 || echo 20000)" "out=$OUT"
else
  echo "bench: no MNEMO_DB_URL and no project database: store benchmarks skipped" >&2
fi
target=$OUT/benchmarks-$mode.md
[ "$mode" = full ] && target=docs/benchmarks.md
run dev.mnemo.bench.report.Report "$OUT" "$target" "$mode" "$(( $(date +%s) - started ))"
echo "== wrote $target"
