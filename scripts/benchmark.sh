#!/usr/bin/env bash
# The benchmark of issues 7 and 20: pod start and close of this library against the floor, Testcontainers wired by
# hand and Docker Compose; then pods started at once, by the library and by the floor at the same concurrency; then
# a traced profile; then the suite part: a JUnit class of 20 tests with a pod each, run through the JUnit Platform
# launcher, per approach. Results: sidecar-core/benchmark-results/.
#   bash scripts/benchmark.sh                          # the full run, takes about 25 minutes
#   bash scripts/benchmark.sh -Dbenchmark.runs=3       # a short trial (results are marked as such)
#   bash scripts/benchmark.sh -Dbenchmark.parts=suite  # the suite part alone, about 6 minutes
# Other settings (-Dbenchmark.sizes=1,3,10, -Dbenchmark.parts=pods,concurrent,profile,suite, ...) are listed in
# sidecar-core/src/test/java/dev/sidecar/benchmark/Benchmark.java, the suite part's (-Dbenchmark.suiteRounds=3, ...)
# in sidecar-junit5/src/test/java/dev/sidecar/benchmark/SuiteBenchmark.java. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[benchmark] %s\n' "$*" >&2; }

command -v mvn >/dev/null 2>&1 || { log "ERROR: Maven (mvn) is not installed: apt-get install maven"; exit 1; }
bash scripts/docker-env.sh

# Docker Compose v1 from Debian (it speaks to Docker 20.10), and a font for the chart's labels.
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 \
        || { log "ERROR: missing ${missing[*]}: install them (apt-get install ${missing[*]})"; exit 1; }
    log "apt-get install ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# Which parts: sidecar-core runs pods, concurrent, profile (and report); sidecar-junit5, which has the JUnit
# extension, runs suite.
parts=pods,concurrent,profile,suite
for arg in "$@"; do
    case "$arg" in -Dbenchmark.parts=*) parts="${arg#-Dbenchmark.parts=}" ;; esac
done
has_part() { [[ ",$parts," == *",$1,"* ]]; }

mvn -B -q install -DskipTests
if has_part pods || has_part concurrent || has_part profile || has_part report; then
    mvn -B -pl sidecar-core -Pbenchmark test-compile exec:exec@benchmark "$@"
fi
if has_part suite; then
    mvn -B -pl sidecar-junit5 -Pbenchmark test-compile exec:exec@suite-benchmark "$@"
fi

# The harness checks after every run; this checks once more from outside the JVM.
left_containers=$(docker ps -aq --filter label=dev.sidecar.benchmark | wc -l)
left_networks=$(docker network ls -q --filter name=sidecarbench | wc -l)
if [ "$left_containers" -gt 0 ] || [ "$left_networks" -gt 0 ]; then
    log "ERROR: left $left_containers container(s) labelled dev.sidecar.benchmark and $left_networks Compose network(s):"
    docker ps -a --filter label=dev.sidecar.benchmark >&2
    docker network ls --filter name=sidecarbench >&2
    exit 1
fi
log "results: sidecar-core/benchmark-results/results.md"
