#!/bin/sh
# Follows LOG_FILE by name, like tail -F, but reads a rotated file to its end before it opens the new one, so no
# line written before the rotation is lost (busybox tail -F drops what it had not read yet). Ships lines in order.
set -u
fail() { echo "log-shipper: $*" >&2; exit 64; }
say() { echo "log-shipper: $*" >&2; }

[ -n "${LOG_FILE:-}" ] || fail "LOG_FILE is required: the path of the log file to follow, in a volume shared with the app, for example /var/log/app/app.log"
case "${POLL_INTERVAL_MS:-}" in ''|*[!0-9]*|0) fail "POLL_INTERVAL_MS must be a whole number of milliseconds above 0, was '${POLL_INTERVAL_MS:-}'" ;; esac
case "${SINK_URL:-}" in ''|http://*) ;; *) fail "SINK_URL must be empty (stdout) or an http:// URL, was '$SINK_URL'" ;; esac
pause_us=$((POLL_INTERVAL_MS * 1000))

batch=/tmp/log-shipper.batch
: >"$batch"
# With SINK_URL, lines collect in a batch that flush POSTs; without, they go straight to stdout.
ship() {
    if [ -z "$SINK_URL" ]; then printf '%s\n' "$1"; else printf '%s\n' "$1" >>"$batch"; fi
}
flush() {
    [ -n "$SINK_URL" ] && [ -s "$batch" ] || return 0
    # (busybox 1.35 wget crashes with its own -T timeout option, so timeout(1) bounds it.)
    until timeout 10 wget -q -O /dev/null --header 'Content-Type: text/plain' --post-file "$batch" "$SINK_URL"; do
        say "POST to $SINK_URL failed; retrying the same $(wc -l <"$batch") line(s) in 1s"
        sleep 1
    done
    : >"$batch"
}

pending=""
# Ships every complete line fd 3 holds now; a last line without its newline waits in $pending.
drain() {
    while IFS= read -r line <&3; do
        ship "$pending$line"
        pending=""
    done
    pending="$pending$line"
}
inode() { stat -L -c %i "$1" 2>/dev/null; }

# As PID 1 (no shared PID namespace) SIGTERM is ignored unless handled: ship what is read, then exit 0.
trap 'flush; exit 0' TERM INT
say "waiting for $LOG_FILE"
until [ -f "$LOG_FILE" ]; do usleep "$pause_us"; done
exec 3<"$LOG_FILE"
following="$(inode /proc/$$/fd/3)"
say "following $LOG_FILE (inode $following), shipping to ${SINK_URL:-stdout}"
while :; do
    drain
    flush
    now="$(inode "$LOG_FILE")"
    if [ -n "$now" ] && [ "$now" != "$following" ]; then
        # Rotated: the app writes the new file now, so the old one is complete. Read it to its end, then switch.
        drain
        [ -n "$pending" ] && ship "$pending"
        pending=""
        flush
        exec 3<"$LOG_FILE"
        following="$(inode /proc/$$/fd/3)"
        say "$LOG_FILE was rotated; following the new file (inode $following)"
        continue
    fi
    usleep "$pause_us"
done
