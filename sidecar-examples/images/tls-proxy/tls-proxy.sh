#!/bin/sh
# Writes an nginx configuration from the environment, checks it and runs nginx in the foreground.
set -eu
fail() { echo "tls-proxy: $*" >&2; exit 64; }
is_port() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

[ -n "${UPSTREAM_PORT:-}" ] || fail "UPSTREAM_PORT is required: the TCP port of the plain-HTTP app on localhost, for example 8080"
is_port "$UPSTREAM_PORT" || fail "UPSTREAM_PORT must be a TCP port (1..65535), was '$UPSTREAM_PORT'"
is_port "${PORT:-}" || fail "PORT must be a TCP port (1..65535), was '${PORT:-}'"
[ "$PORT" != "$UPSTREAM_PORT" ] || fail "PORT and UPSTREAM_PORT are both $PORT: the pod shares one network namespace"
[ -r "$CERT_PATH" ] || fail "CERT_PATH '$CERT_PATH' is not a readable file: mount the certificate (PEM) there or set CERT_PATH"
[ -r "$KEY_PATH" ] || fail "KEY_PATH '$KEY_PATH' is not a readable file: mount the private key (PEM) there or set KEY_PATH"

conf=/tmp/tls-proxy.conf
cat >"$conf" <<NGINX
worker_processes 1;
pid /tmp/tls-proxy.pid;
error_log stderr notice;
events { worker_connections 256; }
http {
    access_log /dev/stdout;
    server {
        listen $PORT ssl;
        ssl_certificate     $CERT_PATH;
        ssl_certificate_key $KEY_PATH;
        ssl_protocols       TLSv1.2 TLSv1.3;
        location / {
            proxy_pass http://127.0.0.1:$UPSTREAM_PORT;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
    }
}
NGINX
nginx -t -q -c "$conf" || fail "nginx rejected the configuration written from the environment (its error is above)"
echo "tls-proxy: TLS on port $PORT -> http://127.0.0.1:$UPSTREAM_PORT, certificate $CERT_PATH"
exec nginx -c "$conf" -g 'daemon off;'
