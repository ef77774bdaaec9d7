#!/usr/bin/env bash
# What Maven Central requires, made and checked here:
#   1. mvn -Prelease,sign deploy into a local staging repository (target/release-staging): the jars, sources and
#      javadoc jars (javadoc with doclint), poms, .asc signatures and checksums that an upload would carry;
#   2. gpg verifies every signature; scripts/CheckRelease.java checks that each published module has all of it,
#      the POM metadata, an Automatic-Module-Name, the BOM's list, and that sidecar-examples is not there;
#   3. reproducible builds: artifact:check-buildplan, and two clean builds must give the same jars, byte for byte.
# The signing key is a throw-away one made for this run: the project's release key is not on this machine (a real
# release is signed with it, and Central checks the signature against the public key servers).
# Tests are scripts/test.sh's job, so this builds with -DskipTests. Extra arguments go to each mvn.
#   bash scripts/check-release.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[release] %s\n' "$*" >&2; }
die() { printf '[release] ERROR: %s\n' "$*" >&2; exit 1; }

command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not installed: apt-get install maven"
if ! command -v gpg >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || die "gpg is not installed: apt-get install gnupg"
    log "apt-get install gnupg"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gnupg >/dev/null
fi

start=$(date +%s)
staging="$PWD/target/release-staging"
GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
gpg --batch --quiet --passphrase '' \
    --quick-gen-key 'sidecar release check, throw-away <release-check@sidecar.invalid>' ed25519 sign 1d 2>/dev/null

sums() { sha256sum ./*/target/*.jar | sort -k 2; }
quiet=(-B -ntp -q -Dstyle.color=never)

log "reproducible builds: artifact:check-buildplan, and two clean builds must give the same jars, byte for byte"
mvn "${quiet[@]}" -Prelease artifact:check-buildplan "$@"
mvn "${quiet[@]}" clean "$@"
mvn "${quiet[@]}" -Prelease package -DskipTests "$@"
first="$(sums)"

log "mvn -Prelease,sign deploy into $staging"
mvn "${quiet[@]}" clean "$@" # on its own: the root's clean would delete what sidecar-bom staged before it
mvn "${quiet[@]}" -Prelease,sign deploy -DskipTests -DaltDeploymentRepository="staging::file://$staging" "$@"
if [ "$first" != "$(sums)" ]; then
    diff <(echo "$first") <(sums) >&2 || true
    die "a second build gave other jars: the build is not reproducible"
fi
log "$(echo "$first" | wc -l) jars identical in two builds"

signatures=0
while IFS= read -r asc; do
    gpg --batch --quiet --verify "$asc" "${asc%.asc}" 2>/dev/null || die "bad signature: $asc"
    signatures=$(( signatures + 1 ))
done < <(find "$staging" -name '*.asc' | sort)
[ "$signatures" -gt 0 ] || die "nothing was signed in $staging"
log "$signatures signatures verified (throw-away key)"

java scripts/CheckRelease.java . "$staging"
log "ready for Maven Central but for the release key's signatures (staged in $staging): $(( $(date +%s) - start )) s"
