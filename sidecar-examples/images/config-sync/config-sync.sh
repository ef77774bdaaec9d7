#!/bin/sh
# Polls CONFIG_URL into CONFIG_FILE; when the content changes, sends SIGNAL to the process named PROCESS_NAME.
set -u
fail() { echo "config-sync: $*" >&2; exit 64; }
is_seconds() { case "$1" in ''|*[!0-9]*|0) return 1 ;; esac; }

case "${CONFIG_URL:-}" in
    http://*) ;;
    '') fail "CONFIG_URL is required: the http:// URL to fetch the config from, for example http://config-api:8080/app.conf" ;;
    *) fail "CONFIG_URL must be an http:// URL, was '$CONFIG_URL'" ;;
esac
is_seconds "${UPDATE_FREQUENCY_SECONDS:-}" \
    || fail "UPDATE_FREQUENCY_SECONDS must be a whole number of seconds above 0, was '${UPDATE_FREQUENCY_SECONDS:-}'"
is_seconds "${FETCH_TIMEOUT_SECONDS:-}" \
    || fail "FETCH_TIMEOUT_SECONDS must be a whole number of seconds above 0, was '${FETCH_TIMEOUT_SECONDS:-}'"
[ ${#PROCESS_NAME} -le 15 ] || fail "PROCESS_NAME '$PROCESS_NAME' is longer than 15 characters: Linux keeps only the first 15 of a process name"
mkdir -p "$(dirname "$CONFIG_FILE")" || fail "cannot create the directory of CONFIG_FILE '$CONFIG_FILE'"

# The value of field $2 (for example PPid) in /proc/<pid>/status of process $1, without forking.
status_field() {
    while read -r key value _; do
        [ "$key" = "$2:" ] && { echo "$value"; return 0; }
    done <"/proc/$1/status"
}

# Prints the process name (comm) of process $1, or nothing once it is gone.
comm_of() { { read -r name <"/proc/$1/comm" && echo "$name"; } 2>/dev/null; }

# Sends SIGNAL to every process named PROCESS_NAME whose parent has another name: the app itself, not the
# subshells it forks (which carry its name until they exec something else).
signal_app() {
    [ -n "$PROCESS_NAME" ] || return 0
    sent=""
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        [ "$pid" != "$$" ] && [ "$(comm_of "$pid")" = "$PROCESS_NAME" ] || continue
        ppid="$(status_field "$pid" PPid 2>/dev/null)"
        [ -n "$ppid" ] && [ "$(comm_of "$ppid")" = "$PROCESS_NAME" ] && continue
        kill -s "$SIGNAL" "$pid" 2>/dev/null && sent="$sent $pid"
    done
    if [ -n "$sent" ]; then
        echo "config-sync: sent SIG$SIGNAL to $PROCESS_NAME (pid$sent)"
    else
        echo "config-sync: no process named '$PROCESS_NAME' to signal (not started yet, or the pod does not share its PID namespace)"
    fi
}

tmp="$CONFIG_FILE.config-sync.tmp"
# As PID 1 (no shared PID namespace) SIGTERM is ignored unless handled; sleeps run in the background so it is at once.
trap 'exit 0' TERM INT
echo "config-sync: fetching $CONFIG_URL into $CONFIG_FILE every ${UPDATE_FREQUENCY_SECONDS}s"
while :; do
    # (busybox 1.35 wget crashes with its own -T timeout option, so timeout(1) bounds it.)
    if timeout "$FETCH_TIMEOUT_SECONDS" wget -q -O "$tmp" "$CONFIG_URL"; then
        if cmp -s "$tmp" "$CONFIG_FILE"; then
            rm -f "$tmp"
        else
            # The first config is not a change: nobody has loaded an older one, and the app may be starting at
            # this very moment (before its own SIGHUP handler exists, where the signal would end it).
            first=true
            [ -f "$CONFIG_FILE" ] && first=false
            mv -f "$tmp" "$CONFIG_FILE"
            if $first; then
                echo "config-sync: $CONFIG_FILE written ($(wc -c <"$CONFIG_FILE") bytes)"
            else
                echo "config-sync: $CONFIG_FILE updated ($(wc -c <"$CONFIG_FILE") bytes)"
                signal_app
            fi
        fi
    else
        rm -f "$tmp"
        echo "config-sync: fetching $CONFIG_URL failed; keeping the current config, next try in ${UPDATE_FREQUENCY_SECONDS}s" >&2
    fi
    sleep "$UPDATE_FREQUENCY_SECONDS" &
    wait $!
done
