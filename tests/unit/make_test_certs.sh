#!/usr/bin/env bash
# Makes the throwaway TLS material of the register clients' TLS tests (registry_klient_test) in
# DIR, fresh on every test run, valid for a few days: two CAs, and for each a server certificate
# for 127.0.0.1 and a client certificate. Nothing of it is committed.
#   tests/unit/make_test_certs.sh DIR
# DIR gets:
#   ca.pem, other-ca.pem               the CAs' certificates
#   server.pem, other-server.pem       server certificate and key in one file (signed by ca /
#                                      other-ca)
#   client.pem, other-client.pem       client certificate and key in one file (signed by ca /
#                                      other-ca)
#   client.crt, client-key.pem         the client certificate alone, and its key encrypted with
#                                      the password in client-key.password
set -euo pipefail

DIR=${1:?usage: make_test_certs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
rm -f ./*.pem ./*.crt ./*.key ./*.csr ./*.srl ./*.ext ./*.password

DAYS=3

ca() {  # name cn
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "/CN=$2" \
    -keyout "$1.key" -out "$1.pem" 2>/dev/null
}

# name ca extfile-lines...
leaf() {
  local name=$1 ca=$2 cn=$3 ext=$4
  printf '%b\n' "$ext" >"$name.ext"
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$cn" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$DAYS" -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" \
    -CAcreateserial -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  cat "$name.crt" "$name.key" >"$name.pem"
  rm -f "$name.csr" "$name.ext"
}

SERVER_EXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1'
CLIENT_EXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth'

ca ca "Kontaktdata test CA"
ca other-ca "Kontaktdata other test CA"
leaf server ca 127.0.0.1 "$SERVER_EXT"
leaf other-server other-ca 127.0.0.1 "$SERVER_EXT"
leaf client ca "Kontaktdata test client" "$CLIENT_EXT"
leaf other-client other-ca "Kontaktdata other test client" "$CLIENT_EXT"

# The client's key on its own, encrypted: the tls_key/tls_key_password settings.
printf 'hemmeligt-test-kodeord' >client-key.password
openssl pkey -in client.key -aes256 -passout file:client-key.password -out client-key.pem
rm -f ./*.key ./*.srl
chmod 600 ./*.pem client-key.password
echo "make_test_certs: TLS test material in $DIR"
