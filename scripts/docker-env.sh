#!/usr/bin/env bash
# Brings up what the tests need on a machine with no container registry, idempotently:
#   1. a Docker engine (Debian's docker.io) when none answers and this is Debian/Ubuntu as root;
#   2. Debian's docker-compose, which runs the Compose export of sidecar-kubernetes in its tests;
#   3. the project's own test images (scripts/test-images.properties), built from Debian packages.
# Re-running it on a machine that has everything only checks and returns.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[docker-env] %s\n' "$*" >&2; }
die() { printf '[docker-env] ERROR: %s\n' "$*" >&2; exit 1; }

image_name() { sed -n "s/^test\.image\.$1=//p" "$here/test-images.properties"; }
BUSYBOX_IMAGE="$(image_name busybox)"
PAUSE_IMAGE="$(image_name pause)"
DEBIAN_IMAGE="$(image_name debian)"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/sidecar-dockerd.log}"
APT_UPDATED=""

docker_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ -z "$APT_UPDATED" ]; then log "apt-get update"; apt-get update -q >/dev/null; APT_UPDATED=1; fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

can_install() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

ensure_engine() {
    if docker_answers; then
        log "Docker engine answers: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
        return 0
    fi
    can_install || die "no Docker engine answers and this is not Debian/Ubuntu as root, so it cannot be installed here: start a Docker engine (docker info must answer) and run this again."
    apt_install docker.io
    if ! pgrep -x dockerd >/dev/null; then
        log "starting dockerd in the background (log: $DOCKERD_LOG)"
        nohup dockerd >"$DOCKERD_LOG" 2>&1 &
    fi
    for _ in $(seq 1 60); do
        docker_answers && { log "Docker engine is up: $(docker version --format '{{.Server.Version}}')"; return 0; }
        sleep 1
    done
    tail -n 20 "$DOCKERD_LOG" >&2 || true
    die "dockerd did not answer within 60 s; its log is $DOCKERD_LOG"
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

build_busybox() {
    have_image "$BUSYBOX_IMAGE" && { log "image $BUSYBOX_IMAGE present"; return 0; }
    can_install && apt_install busybox-static
    [ -x /bin/busybox ] || die "busybox-static is missing: apt-get install busybox-static"
    local root; root="$(mktemp -d)"
    mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/etc" "$root/root" "$root/var/www"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    chmod 1777 "$root/tmp"
    log "importing $BUSYBOX_IMAGE"
    tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' \
        -c 'LABEL org.opencontainers.image.description="busybox-static from Debian, the sidecar project test image"' \
        - "$BUSYBOX_IMAGE" >/dev/null
    rm -rf "$root"
}

build_pause() {
    have_image "$PAUSE_IMAGE" && { log "image $PAUSE_IMAGE present"; return 0; }
    command -v gcc >/dev/null 2>&1 || { can_install && apt_install gcc libc6-dev; }
    local root; root="$(mktemp -d)"
    gcc -static -Os -o "$root/pause" "$here/pause.c"
    strip "$root/pause" 2>/dev/null || true
    log "importing $PAUSE_IMAGE"
    tar -C "$root" -c pause | docker import -c 'ENTRYPOINT ["/pause"]' \
        -c 'LABEL org.opencontainers.image.description="the sidecar project pod infrastructure (pause) image"' \
        - "$PAUSE_IMAGE" >/dev/null
    rm -rf "$root"
}

debian_mirror() {
    local uri
    uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n 1)"
    [ -n "$uri" ] || uri="$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n 1)"
    [ -n "$uri" ] || die "no Debian mirror found in apt's sources"
    printf '%s' "$uri"
}

build_debian() {
    have_image "$DEBIAN_IMAGE" && { log "image $DEBIAN_IMAGE present"; return 0; }
    can_install && apt_install debootstrap
    command -v debootstrap >/dev/null 2>&1 || die "debootstrap is missing: apt-get install debootstrap"
    local root mirror; root="$(mktemp -d)"; mirror="$(debian_mirror)"
    log "debootstrap bookworm with nginx, openssl and git from $mirror (about a minute)"
    debootstrap --variant=minbase --include=nginx-light,openssl,git,procps,ca-certificates \
        bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
        || { tail -n 20 "$root.debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root.debootstrap.log"
    log "importing $DEBIAN_IMAGE"
    tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        -c 'CMD ["bash"]' \
        -c 'LABEL org.opencontainers.image.description="Debian bookworm with nginx-light, openssl and git, the sidecar project test image"' \
        - "$DEBIAN_IMAGE" >/dev/null
    rm -rf "$root"
}

ensure_compose() {
    command -v docker-compose >/dev/null 2>&1 && { log "docker-compose present: $(docker-compose version --short 2>/dev/null)"; return 0; }
    can_install || die "docker-compose is missing and cannot be installed here: install docker-compose (Debian's package, 1.29) and run this again."
    apt_install docker-compose
}

ensure_engine
ensure_compose
build_busybox
build_pause
build_debian
bash "$here/../sidecar-examples/images/build.sh"
log "ready: $BUSYBOX_IMAGE $PAUSE_IMAGE $DEBIAN_IMAGE"
