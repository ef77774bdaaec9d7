#!/usr/bin/env bash
# The newcomer's project, built from the README alone: the quick start's marked snippets (pom.xml and the test class,
# see the comment at the top of README.md) are written into a fresh Maven project outside the reactor, which is built
# against this repository's installed artifacts and must pass, once per JUnit version of the matrix.
#
#   bash scripts/consumer.sh                  # the whole matrix (below)
#   bash scripts/consumer.sh 6.1.3 5.13.4:junit-bom,junit-first   # chosen runs: VERSION[:VARIANTS]
#
# A run is a JUnit version, and optionally variants of the README's pom.xml: junit-bom imports JUnit's BOM,
# junit-first declares JUnit before sidecar (the README's own order has it after). Each run must pass with its tests
# on that JUnit version alone (scripts/ReadmeProject.java checks the reports).
#
# This machine reaches no container registry, so the runs get what a user behind a mirror would set: the
# infrastructure image as the system property sidecar.infra-image, Testcontainers' settings as environment variables
# (as the parent pom gives Failsafe), and the README's "busybox:1.36" replaced by the local busybox image in the
# extracted Java source, the one difference between the README and what runs. Nothing is tagged on the engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[consumer] %s\n' "$*" >&2; }
die() { printf '[consumer] ERROR: %s\n' "$*" >&2; exit 1; }

command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not installed: apt-get install maven"
bash scripts/docker-env.sh

image() { sed -n "s/^test\.image\.$1=//p" scripts/test-images.properties; }
BUSYBOX="$(image busybox)"
PAUSE="$(image pause)"
# The project's version: the parent's own <version>, the first one after its artifactId.
VERSION="$(sed -n '/<artifactId>sidecar-parent<\/artifactId>/,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml)"
[ -n "$VERSION" ] || die "cannot read the project's version from pom.xml"

if [ $# -gt 0 ]; then
    runs=("$@")
else
    runs=(5.13.4 5.14.4 6.0.3 6.1.3 5.13.4:junit-bom,junit-first 6.1.3:junit-bom,junit-first)
fi

if [ "${SIDECAR_CONSUMER_SKIP_INSTALL:-}" != "true" ]; then
    log "mvn install -DskipTests: sidecar $VERSION into the local repository"
    mvn -B -q -ntp -Dstyle.color=never install -DskipTests
fi

start=$(date +%s)
tests=0
for run in "${runs[@]}"; do
    junit="${run%%:*}"
    variants=""
    [ "$run" != "$junit" ] && variants="${run#*:}"
    dir="target/consumer/junit-$junit${variants:+-$variants}"
    rm -rf "$dir"
    mkdir -p "$dir/.mvn" # a project of its own: Maven takes no settings from this repository's .mvn
    java scripts/ReadmeProject.java extract README.md "$dir" --version "$VERSION" \
        --image "busybox:1.36=$BUSYBOX" ${variants:+--variant "$variants"} >/dev/null
    log "JUnit $junit${variants:+ ($variants)}: mvn verify in $dir"
    run_start=$(date +%s)
    if ! (cd "$dir" && TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE="$BUSYBOX" \
            mvn -B -ntp verify -Djunit.version="$junit" -Dsidecar.infra-image="$PAUSE") >"$dir.log" 2>&1; then
        tail -n 80 "$dir.log" >&2
        die "the README's project failed on JUnit $junit${variants:+ ($variants)}: whole log in $dir.log"
    fi
    report="$(java scripts/ReadmeProject.java report "$dir" "$junit")"
    log "${report#\[consumer\] } in $(( $(date +%s) - run_start )) s"
    count="${report#\[consumer\] }"
    tests=$(( tests + ${count%% *} ))
done
log "the README's project passed on ${runs[*]} in $(( $(date +%s) - start )) s"
echo "consumer: $tests passed, 0 failed"
