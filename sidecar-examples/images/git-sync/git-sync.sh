#!/bin/sh
# Checks out BRANCH of REPO into DEST, then pulls every PERIOD_SECONDS. The repository itself lives in this
# container (GIT_DIR below), so DEST holds only the branch's files and a server never serves .git.
set -u
fail() { echo "git-sync: $*" >&2; exit 64; }

[ -n "${REPO:-}" ] || fail "REPO is required: the repository URL or path to pull, for example /repos/site.git"
[ -n "${BRANCH:-}" ] || fail "BRANCH must name a branch, was empty"
case "${PERIOD_SECONDS:-}" in ''|*[!0-9]*|0) fail "PERIOD_SECONDS must be a whole number of seconds above 0, was '${PERIOD_SECONDS:-}'" ;; esac
case "${ONE_TIME:-}" in true|false) ;; *) fail "ONE_TIME must be true or false, was '${ONE_TIME:-}'" ;; esac
mkdir -p "$DEST" || fail "cannot create DEST '$DEST'"

export GIT_DIR=/var/lib/git-sync/repo.git GIT_WORK_TREE="$DEST"
# The repository may belong to another user (a bind-mounted host directory): trust it, as a read-only source.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*'
mkdir -p "$GIT_DIR" && git init -q || fail "git init of $GIT_DIR failed"
git remote add origin "$REPO" 2>/dev/null || git remote set-url origin "$REPO"

synced=""
sync_once() {
    git fetch -q --depth 1 origin "$BRANCH" 2>/tmp/git-sync.err || { cat /tmp/git-sync.err >&2; return 1; }
    rev="$(git rev-parse FETCH_HEAD)"
    [ "$rev" = "$synced" ] && return 0
    git reset -q --hard "$rev" || return 1
    synced="$rev"
    echo "git-sync: synced $BRANCH of $REPO at $rev into $DEST: $(git log -1 --format=%s "$rev")"
}

echo "git-sync: pulling $BRANCH of $REPO into $DEST every ${PERIOD_SECONDS}s"
# As PID 1 (no shared PID namespace) SIGTERM is ignored unless handled; sleeps run in the background so it is at once.
trap 'exit 0' TERM INT
if [ "$ONE_TIME" = true ]; then
    sync_once || fail "could not check out $BRANCH of $REPO (git's error is above)"
    exit 0
fi
while :; do
    sync_once || echo "git-sync: pulling $BRANCH of $REPO failed; keeping $DEST at ${synced:-nothing}, next try in ${PERIOD_SECONDS}s" >&2
    sleep "$PERIOD_SECONDS" &
    wait $!
done
