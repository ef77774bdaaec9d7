#!/usr/bin/env bash
# Builds the examples' images, one per directory beside this script that holds a Dockerfile, as
# sidecar-examples/<directory>:1. Offline: each Dockerfile starts FROM one of the project's local test images
# (named in scripts/test-images.properties, passed as the build argument BUSYBOX_IMAGE or DEBIAN_IMAGE).
# Idempotent: an image is built only when it is missing or its directory or base image changed since (the image
# carries a hash of both in a label). FORCE=1 rebuilds every image. scripts/docker-env.sh runs this at its end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
log() { printf '[example-images] %s\n' "$*" >&2; }
die() { printf '[example-images] ERROR: %s\n' "$*" >&2; exit 1; }

NAMESPACE=sidecar-examples
TAG=1
HASH_LABEL=dev.sidecar.example.build-hash

image_name() { sed -n "s/^test\.image\.$1=//p" "$root/scripts/test-images.properties"; }
declare -A BASE=([BUSYBOX_IMAGE]="$(image_name busybox)" [DEBIAN_IMAGE]="$(image_name debian)")

command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 \
    || die "no Docker engine answers: run scripts/docker-env.sh first"

# The build argument (BUSYBOX_IMAGE or DEBIAN_IMAGE) a Dockerfile takes its base image from.
base_arg() { sed -n 's/^ARG \(BUSYBOX_IMAGE\|DEBIAN_IMAGE\)=.*/\1/p' "$1/Dockerfile" | head -n 1; }

# A hash of the build context (names, modes, contents) and of the base image's id.
build_hash() {
    local dir="$1" base="$2"
    {
        tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -c .
        docker image inspect --format '{{.Id}}' "$base"
    } | sha256sum | cut -c1-16
}

build_one() {
    local dir="$1" name image arg base hash have old
    name="$(basename "$dir")"
    image="$NAMESPACE/$name:$TAG"
    arg="$(base_arg "$dir")"
    [ -n "$arg" ] || die "$dir/Dockerfile must start with ARG BUSYBOX_IMAGE=... or ARG DEBIAN_IMAGE=..."
    base="${BASE[$arg]}"
    docker image inspect "$base" >/dev/null 2>&1 || die "base image $base of $image is missing: run scripts/docker-env.sh"
    hash="$(build_hash "$dir" "$base")"
    have="$(docker image inspect --format "{{index .Config.Labels \"$HASH_LABEL\"}}" "$image" 2>/dev/null || true)"
    if [ "$have" = "$hash" ] && [ -z "${FORCE:-}" ]; then
        log "image $image present"
        return 0
    fi
    old="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    log "building $image from $base"
    local out
    out="$(docker build --pull=false -q --build-arg "$arg=$base" --label "$HASH_LABEL=$hash" -t "$image" "$dir" 2>&1)" \
        || { printf '%s\n' "$out" >&2; die "building $image failed"; }
    # The replaced image is now untagged: remove it unless a container still uses it.
    if [ -n "$old" ] && [ "$old" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
        docker image rm "$old" >/dev/null 2>&1 || true
    fi
}

for dockerfile in "$here"/*/Dockerfile; do
    build_one "$(dirname "$dockerfile")"
done
log "ready: $(cd "$here" && for d in */Dockerfile; do printf '%s ' "$NAMESPACE/${d%/Dockerfile}:$TAG"; done)"
