#!/bin/sh
# Writes a self-signed certificate and its key (PEM) into CERT_DIR, then exits 0.
set -eu
fail() { echo "self-signed-cert: $*" >&2; exit 64; }

[ -n "${COMMON_NAME:-}" ] || fail "COMMON_NAME is required: the certificate's subject CN, for example legacy.example.test"
case "${VALID_DAYS:-}" in ''|*[!0-9]*|0) fail "VALID_DAYS must be a whole number of days above 0, was '${VALID_DAYS:-}'" ;; esac
mkdir -p "$CERT_DIR" || fail "cannot create CERT_DIR '$CERT_DIR'"

openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days "$VALID_DAYS" \
    -subj "/CN=$COMMON_NAME" -addext "subjectAltName=$SUBJECT_ALT_NAMES" \
    -keyout "$CERT_DIR/tls.key" -out "$CERT_DIR/tls.crt" 2>/tmp/openssl.err \
    || { cat /tmp/openssl.err >&2; fail "openssl could not create the certificate (its error is above)"; }
chmod 0644 "$CERT_DIR/tls.crt"
chmod 0600 "$CERT_DIR/tls.key"
echo "self-signed-cert: wrote $CERT_DIR/tls.crt and $CERT_DIR/tls.key, valid $VALID_DAYS day(s) for $SUBJECT_ALT_NAMES"
openssl x509 -in "$CERT_DIR/tls.crt" -noout -subject -fingerprint -sha256
