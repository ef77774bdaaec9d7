#!/bin/sh
# Loads CONFIG_FILE at start and on SIGHUP, serving what it loaded on PORT. The process keeps its pid: a reload
# is not a restart.
set -u
fail() { echo "config-app: $*" >&2; exit 64; }
case "${PORT:-}" in ''|*[!0-9]*) fail "PORT must be a TCP port number, was '${PORT:-}'" ;; esac
case "${CONFIG_WAIT_SECONDS:-}" in ''|*[!0-9]*) fail "CONFIG_WAIT_SECONDS must be a whole number of seconds, was '${CONFIG_WAIT_SECONDS:-}'" ;; esac

# A SIGHUP before the config is loaded (a sidecar's first write racing this start) must not end the process: the
# load below reads the file as it is then.
trap ':' HUP

www=/tmp/config-app-www
mkdir -p "$www"
reloads=0

waited=0
while [ ! -f "$CONFIG_FILE" ]; do
    [ "$waited" -lt "$CONFIG_WAIT_SECONDS" ] \
        || fail "CONFIG_FILE '$CONFIG_FILE' did not appear within ${CONFIG_WAIT_SECONDS}s: is a config sidecar writing it?"
    sleep 1
    waited=$((waited + 1))
done

load() {
    {
        while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done <"$CONFIG_FILE"
        printf '# loaded by config-app pid %s, reload %s\n' "$$" "$reloads"
    } >"$www/.index.html.tmp"
    mv -f "$www/.index.html.tmp" "$www/index.html"
}

reload() {
    reloads=$((reloads + 1))
    load
    echo "config-app: SIGHUP: reloaded $CONFIG_FILE (reload $reloads)"
}

trap reload HUP
trap 'kill "$httpd" 2>/dev/null; exit 0' TERM INT
load
httpd -f -p "$PORT" -h "$www" &
httpd=$!
echo "config-app: pid $$ serving $CONFIG_FILE on port $PORT; send SIGHUP to reload"
# wait returns early whenever a trapped signal arrives: go on waiting while httpd lives.
while kill -0 "$httpd" 2>/dev/null; do wait "$httpd"; done
fail "httpd exited"
