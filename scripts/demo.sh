#!/usr/bin/env bash
# The quick-start demo: a plain-HTTP "legacy" app with a TLS-terminating sidecar in front of it.
# Any other example runs the same way: bash scripts/demo.sh TinyPaas (a class in dev.sidecar.examples).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v mvn >/dev/null 2>&1 || { echo "[demo] ERROR: Maven (mvn) is not installed: apt-get install maven" >&2; exit 1; }
bash scripts/docker-env.sh
mvn -B -q -pl sidecar-examples -am package -DskipTests -Ddemo="${1:-QuickStartDemo}"
