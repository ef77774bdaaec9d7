#!/bin/sh
# Serves /www (the topz and top CGI scripts) on PORT.
set -u
fail() { echo "topz: $*" >&2; exit 64; }
case "${PORT:-}" in ''|*[!0-9]*) fail "PORT must be a TCP port number, was '${PORT:-}'" ;; esac
echo "topz: serving the process list on http://0.0.0.0:$PORT/cgi-bin/topz"
httpd -f -p "$PORT" -h /www &
httpd=$!
# As PID 1 (no shared PID namespace) nothing handles SIGTERM unless this shell does: stop httpd and exit 0.
trap 'kill "$httpd" 2>/dev/null; wait "$httpd"; exit 0' TERM INT
wait "$httpd"
fail "httpd exited with code $?"
