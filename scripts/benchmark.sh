#!/usr/bin/env bash
# The benchmark of issue 7: pod start and close of this library against the floor, Testcontainers wired by hand and
# Docker Compose, then pods started at once, then a traced profile. Results: sidecar-core/benchmark-results/.
#   bash scripts/benchmark.sh                          # the full run: 10 measured rounds, takes about 20 minutes
#   bash scripts/benchmark.sh -Dbenchmark.runs=3       # a short trial (results are marked as such)
# Other settings (-Dbenchmark.sizes=1,3,10, -Dbenchmark.parts=pods,concurrent,profile, ...) are listed in
# sidecar-core/src/test/java/dev/sidecar/benchmark/Benchmark.java. Run it on an otherwise idle machine.
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

mvn -B -q install -DskipTests
mvn -B -pl sidecar-core -Pbenchmark test-compile exec:exec@benchmark "$@"

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
