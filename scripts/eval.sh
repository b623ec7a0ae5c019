#!/usr/bin/env bash
# make eval: every search method of Mnemo on two labelled sets built from real material (docs/benchmarks.md, Search
# quality). Needs a build (make eval does it) and the project database. Fetches, once, into modules/bench/target/eval-sources:
#   - sources jars of commons-lang3, commons-text, commons-collections4 and Guava from Maven Central (the code set);
#   - Debian's Translation-en of this machine's release from the Debian archive (the prose set).
# Env: EVAL_DOCS (documents per set, default 2000), EVAL_QUERIES (default 1000), EVAL_SETS (default prose,code).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=modules/bench/target/mnemo-bench-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || { echo "eval: $JAR is missing; build first: mvn -B -DskipTests install (make eval does)" >&2; exit 2; }
SRC=modules/bench/target/eval-sources
OUT=modules/bench/target/eval
mkdir -p "$SRC" "$OUT"
for artifact in org.apache.commons:commons-lang3:3.17.0 org.apache.commons:commons-text:1.12.0 \
                org.apache.commons:commons-collections4:4.4 com.google.guava:guava:33.4.8-jre; do
  IFS=: read -r group name version <<<"$artifact"
  if [ ! -f "$SRC/$name-$version-sources.jar" ]; then
    echo "eval: fetching $artifact sources" >&2
    mvn -B -q dependency:copy -Dartifact="$artifact:jar:sources" -DoutputDirectory="$SRC"
  fi
done
if [ ! -s "$SRC/Translation-en" ]; then
  release=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  echo "eval: fetching Debian $release Translation-en" >&2
  curl -sSf "http://deb.debian.org/debian/dists/$release/main/i18n/Translation-en.xz" | xz -dc > "$SRC/Translation-en.tmp"
  mv "$SRC/Translation-en.tmp" "$SRC/Translation-en"
fi
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/mnemo/djl}
export DJL_OFFLINE=${DJL_OFFLINE:-true}
java -Djava.io.tmpdir="$PWD/modules/bench/target" -cp "$JAR" dev.mnemo.bench.eval.Evaluation \
  "sets=${EVAL_SETS:-prose,code}" "docs=${EVAL_DOCS:-2000}" "queries=${EVAL_QUERIES:-1000}" "sources=$SRC" "out=$OUT"
echo "eval: tables in $OUT/results.md" >&2
