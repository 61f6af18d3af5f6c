#!/usr/bin/env bash
# Makes throwaway TLS material for tests and for trying mutual TLS by hand: a CA, a server
# certificate for 127.0.0.1 and localhost, client certificates for the two demo calling systems
# (shared/design DEMO-DATA: Demo ESDH and Demo fagsystem) and a few for refusal tests, a
# certificate revocation list, and an allow-list (tls.clients) for them. Valid for 3 days; never
# for production. Nothing of it is committed.
#
#   deploy/make-test-certs.sh DIR
#
# DIR gets (PEM; a .pem of a leaf holds its certificate and its key):
#   ca.pem                  the test CA: server and client certificates chain to it (tls.client_ca)
#   server.pem              server certificate + key, CN and subjectAltName 127.0.0.1 / localhost
#   client-esdh.pem         client certificate of Demo ESDH   (CN=Demo ESDH,O=Kontaktdata demo,C=DK)
#   client-fagsystem.pem    client certificate of Demo fagsystem
#   client-unlisted.pem     a client certificate of the CA that the allow-list does not name
#   client-revoked.pem      a client certificate of the CA, on the allow-list, and revoked in crl.pem
#   crl.pem                 the CA's certificate revocation list (tls.crl)
#   clients.allow           the allow-list (tls.clients): Demo ESDH's certificate by fingerprint,
#                           Demo fagsystem's by subject, the revoked one as Demo ESDH
#   *.crt                   each leaf's certificate alone (curl --cert with --key, zeep, node)
#   *.key                   each leaf's key alone, unencrypted
#   other-ca.pem, other-server.pem, other-client.pem
#                           a second CA and its server and client certificates: "unknown" to the first
#   client.pem              a client certificate of ca (the register clients' tests)
#   client-key.pem, client-key.password   client.pem's key alone, encrypted with that password
set -euo pipefail

DIR=${1:?usage: make-test-certs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
rm -rf ./*.pem ./*.crt ./*.key ./*.csr ./*.srl ./*.ext ./*.password ./ca-db ./ca.cnf clients.allow

DAYS=3
ESDH=6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001
FAGSYSTEM=6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002

ca() { # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" -subj "$2" \
    -keyout "$1.key" -out "$1.pem" 2>/dev/null
}

leaf() { # name ca subject extensions
  local name=$1 ca=$2 subject=$3 ext=$4
  printf '%b\n' "$ext" >"$name.ext"
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$subject" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$DAYS" -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" \
    -CAcreateserial -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  cat "$name.crt" "$name.key" >"$name.pem"
  rm -f "$name.csr" "$name.ext"
}

SERVER_EXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost'
CLIENT_EXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth'

ca ca "/CN=Kontaktdata test CA"
ca other-ca "/CN=Kontaktdata other test CA"
leaf server ca "/CN=127.0.0.1" "$SERVER_EXT"
leaf other-server other-ca "/CN=127.0.0.1" "$SERVER_EXT"
leaf client ca "/CN=Kontaktdata test client" "$CLIENT_EXT"
leaf other-client other-ca "/C=DK/O=Kontaktdata demo/CN=Demo ESDH" "$CLIENT_EXT"
leaf client-esdh ca "/C=DK/O=Kontaktdata demo/CN=Demo ESDH" "$CLIENT_EXT"
leaf client-fagsystem ca "/C=DK/O=Kontaktdata demo/CN=Demo fagsystem" "$CLIENT_EXT"
leaf client-unlisted ca "/C=DK/O=Kontaktdata demo/CN=Ukendt system" "$CLIENT_EXT"
leaf client-revoked ca "/C=DK/O=Kontaktdata demo/CN=Spaerret system" "$CLIENT_EXT"

# The CA's revocation list, with client-revoked in it.
mkdir ca-db
: >ca-db/index.txt
echo 1000 >ca-db/crlnumber
cat >ca.cnf <<'EOF'
[ ca ]
default_ca = test_ca
[ test_ca ]
database = ca-db/index.txt
crlnumber = ca-db/crlnumber
default_md = sha256
default_crl_days = 3
EOF
openssl ca -config ca.cnf -keyfile ca.key -cert ca.pem -revoke client-revoked.crt 2>/dev/null
openssl ca -config ca.cnf -keyfile ca.key -cert ca.pem -gencrl -out crl.pem 2>/dev/null
rm -rf ca-db ca.cnf

fingerprint() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*=//'; }
subject() { openssl x509 -in "$1" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'; }
cat >clients.allow <<EOF
# tls.clients: which calling system (UserSystemUUID) each client certificate may speak for.
# One rule per line: <UserSystemUUID> sha256:<fingerprint> or <UserSystemUUID> subject:<DN>.
$ESDH sha256:$(fingerprint client-esdh.crt)
$FAGSYSTEM subject:$(subject client-fagsystem.crt)
$ESDH sha256:$(fingerprint client-revoked.crt)
EOF

# The register clients' test: client.pem's key on its own, encrypted.
printf 'hemmeligt-test-kodeord' >client-key.password
openssl pkey -in client.key -aes256 -passout file:client-key.password -out client-key.pem
rm -f ./ca.key ./other-ca.key ./*.srl
chmod 600 ./*.pem ./*.key client-key.password
echo "make-test-certs: TLS test material in $DIR"
