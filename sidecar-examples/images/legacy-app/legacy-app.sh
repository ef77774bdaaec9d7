#!/bin/sh
# Serves WWW_ROOT over plain HTTP on PORT; busybox httpd logs each request to stderr.
set -u
fail() { echo "legacy-app: $*" >&2; exit 64; }

case "${PORT:-}" in ''|*[!0-9]*) fail "PORT must be a TCP port number, was '${PORT:-}'" ;; esac
[ -d "${WWW_ROOT:-}" ] || fail "WWW_ROOT '${WWW_ROOT:-}' is not a directory: mount one there or set WWW_ROOT"

echo "legacy-app: serving $WWW_ROOT over plain HTTP on port $PORT"
httpd -f -v -p "$PORT" -h "$WWW_ROOT" &
httpd=$!
# As PID 1 (no shared PID namespace) nothing handles SIGTERM unless this shell does: stop httpd and exit 0.
trap 'kill "$httpd" 2>/dev/null; wait "$httpd"; exit 0' TERM INT
wait "$httpd"
fail "httpd exited with code $?"
