#!/usr/bin/env bash
# The whole test suite: sets up Docker and the test images (scripts/docker-env.sh), runs unit and integration
# tests (mvn verify), then checks that nothing the library labels is left on the engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v mvn >/dev/null 2>&1 || { echo "[test] ERROR: Maven (mvn) is not installed: apt-get install maven" >&2; exit 1; }
bash scripts/docker-env.sh

start=$(date +%s)
mvn -B verify "$@"
echo "[test] mvn verify took $(( $(date +%s) - start )) s"

left_containers=$(docker ps -aq --filter label=dev.sidecar | wc -l)
left_volumes=$(docker volume ls -q --filter label=dev.sidecar | wc -l)
left_networks=$(docker network ls -q --filter label=dev.sidecar | wc -l)
if [ "$left_containers" -gt 0 ] || [ "$left_volumes" -gt 0 ] || [ "$left_networks" -gt 0 ]; then
    echo "[test] ERROR: the suite left $left_containers container(s), $left_volumes volume(s) and $left_networks network(s) labelled dev.sidecar:" >&2
    docker ps -a --filter label=dev.sidecar >&2
    docker volume ls --filter label=dev.sidecar >&2
    exit 1
fi
echo "[test] no container, volume or network labelled dev.sidecar is left"
