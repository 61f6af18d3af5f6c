"""Mutual TLS, as the Serviceplatform calls its providers: a server of its own, started here with
the TLS material of deploy/make-test-certs.sh (a CA, a server certificate, client certificates of
the two demo systems and some to be refused, a revocation list and an allow-list), on the same
database as the main e2e server.

Refused, each in its own way: no client certificate, a certificate of an unknown CA, a revoked
one, TLS below 1.2, a weak cipher, plain HTTP to the TLS port (the handshake fails: no HTTP answer
at all); a certificate of the right CA that the allow-list does not name, and an allowed one
speaking for a calling system it is not mapped to (ADGANG_NAEGTET). Allowed: Demo ESDH and Demo
fagsystem through zeep (python-requests) and through curl. And the server refuses to start with
plain HTTP on a non-loopback address, or with neither TLS nor plain HTTP asked for.
"""

import subprocess
import uuid

import pytest
import requests
import zeep
import zeep.transports

import kontaktdata_support as ks
import server_process as sp

pytestmark = pytest.mark.tls

TIMEOUT = 30


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return sp.make_test_certs(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_server(certs):
    with sp.running({
        "tls.certificate": certs / "server.pem",
        "tls.client_ca": certs / "ca.pem",
        "tls.clients": certs / "clients.allow",
        "tls.crl": certs / "crl.pem",
    }, "the TLS server") as server:
        yield server


@pytest.fixture(scope="module")
def url(tls_server):
    return "https://127.0.0.1:%d/kontaktdata" % tls_server.port


def session(certs, client=None):
    s = requests.Session()
    # Only the test CA: REQUESTS_CA_BUNDLE and the like in the environment would otherwise win
    # over the session's own `verify`.
    s.trust_env = False
    s.verify = str(certs / "ca.pem")
    if client:
        s.cert = (str(certs / (client + ".crt")), str(certs / (client + ".key")))
    return s


def post(url, s, body, operation="Laes"):
    return s.post(url, data=body, timeout=TIMEOUT, headers={
        "Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"%s"' % ks.soap_action(operation)})


def fault_of(response):
    assert response.status_code == 500, (response.status_code, response.content[:300])
    return ks.FaultInfo(ks.parse_xml(response.content))


def handshake_refused(url, s):
    """True when the TLS connection fails (no HTTP answer at all)."""
    try:
        post(url, s, ks.laes_envelope())
    except (requests.exceptions.SSLError, requests.exceptions.ConnectionError):
        return True
    return False


# --- allowed ---------------------------------------------------------------------------------------

def test_demo_esdh_with_its_certificate_works_through_zeep(url, certs):
    transport = zeep.transports.Transport(session=session(certs, "client-esdh"), timeout=TIMEOUT,
                                          operation_timeout=TIMEOUT)
    client = zeep.Client(url + "?wsdl", transport=transport, settings=zeep.Settings(strict=True))
    service = client.create_service("{%s}KontaktdataBinding" % ks.NS_KD, url)
    context = {
        "AuthorityContext": {"MunicipalityCVR": ks.AARHUS},
        "InvocationContext": {"ServiceAgreementUUID": ks.SERVICE_AGREEMENT_UUID,
                              "UserSystemUUID": ks.DEMO_ESDH, "UserUUID": str(uuid.uuid4()),
                              "ServiceUUID": ks.SERVICE_UUID},
    }
    part = {"CPRNummer": ks.synthetic_cpr()}
    aid = str(uuid.uuid4())
    data = {"Part": part,
            "Kontaktadresse": [{"AdresseID": aid, "Adressetype": "EMAIL",
                                "Email": "tls-test@example.dk"}],
            "Kontaktkanal": [{"Kanal": "EMAIL", "AdresseID": aid, "Prioritet": 1}],
            "Kontaktform": [{"Sprog": "da", "Prioritet": 1}]}
    assert service.Opret(Kontaktdata=data, **context).Version == 1
    # The same kept-alive TLS connection, handed back to the server's poller between requests.
    for _ in range(3):
        read = service.Laes(Part=part, **context)
        assert read.Kontaktadresse[0].Email == "tls-test@example.dk"


def test_demo_fagsystem_with_its_certificate_reads_aarhus_through_curl(url, certs):
    body = ks.laes_envelope(user_system=ks.DEMO_FAGSYSTEM)
    result = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "--cacert", str(certs / "ca.pem"),
         "--cert", str(certs / "client-fagsystem.crt"), "--key", str(certs / "client-fagsystem.key"),
         "-H", "Content-Type: text/xml; charset=utf-8",
         "-H", 'SOAPAction: "%s"' % ks.soap_action("Laes"), "--data-binary", "@-",
         "-w", "\n%{http_code}", url],
        input=body, capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr
    content, _, status = result.stdout.rpartition(b"\n")
    assert status == b"500"
    # Let in, and answered by the service: the fresh person is simply unknown.
    ks.FaultInfo(ks.parse_xml(content)).check("PART_FINDES_IKKE")


def test_the_wsdl_is_served_over_tls_with_an_https_address(url, certs):
    response = session(certs, "client-esdh").get(url + "?wsdl", timeout=TIMEOUT)
    assert response.status_code == 200
    assert b'location="%s"' % url.encode() in response.content


# --- refused in the handshake ----------------------------------------------------------------------

def test_no_client_certificate_is_refused(url, certs):
    assert handshake_refused(url, session(certs))


def test_a_certificate_of_an_unknown_ca_is_refused(url, certs):
    # The same subject as Demo ESDH's certificate, from another CA.
    assert handshake_refused(url, session(certs, "other-client"))


def test_a_revoked_certificate_is_refused(url, certs):
    # It is on the allow-list; only the revocation list keeps it out.
    assert handshake_refused(url, session(certs, "client-revoked"))


def test_plain_http_to_the_tls_port_gets_no_http_answer(url):
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(url.replace("https://", "http://"), data=ks.laes_envelope(), timeout=TIMEOUT,
                      headers={"Content-Type": "text/xml; charset=utf-8",
                               "SOAPAction": '"%s"' % ks.soap_action("Laes")})


def s_client(tls_server, certs, *options):
    """openssl s_client with Demo ESDH's certificate and the given options: True if the
    handshake completed."""
    result = subprocess.run(
        ["openssl", "s_client", "-connect", "127.0.0.1:%d" % tls_server.port,
         "-CAfile", str(certs / "ca.pem"), "-cert", str(certs / "client-esdh.crt"),
         "-key", str(certs / "client-esdh.key"), "-verify_return_error", *options],
        input=b"", capture_output=True, timeout=30)
    return result.returncode == 0 and b"Verification: OK" in result.stdout


@pytest.mark.parametrize("allowed, options", [
    (True, ["-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"]),
    (True, ["-tls1_3"]),
    (False, ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"]),
    (False, ["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"]),
    (False, ["-tls1_2", "-cipher", "AES256-SHA256"]),         # no forward secrecy
    (False, ["-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA"]),  # CBC with SHA-1
], ids=["tls1.2-ecdhe-gcm", "tls1.3", "tls1.1", "tls1.0", "rsa-kx", "cbc-sha1"])
def test_only_tls_1_2_and_later_with_strong_ciphers(tls_server, certs, allowed, options):
    assert s_client(tls_server, certs, *options) is allowed


# --- let through the handshake, refused per request ------------------------------------------------

def test_a_certificate_the_allow_list_does_not_name_is_adgang_naegtet(url, certs):
    response = post(url, session(certs, "client-unlisted"), ks.laes_envelope())
    fault_of(response).check("ADGANG_NAEGTET")


def test_a_certificate_speaking_for_a_system_it_is_not_mapped_to_is_adgang_naegtet(url, certs):
    # Demo fagsystem's certificate, but the request names Demo ESDH (which may do everything).
    response = post(url, session(certs, "client-fagsystem"),
                    ks.laes_envelope(user_system=ks.DEMO_ESDH))
    fault_of(response).check("ADGANG_NAEGTET")


def test_demo_fagsystem_reading_koebenhavn_is_adgang_naegtet(url, certs):
    # The certificate may speak for Demo fagsystem, whose grants do not include København.
    response = post(url, session(certs, "client-fagsystem"),
                    ks.laes_envelope(user_system=ks.DEMO_FAGSYSTEM, municipality=ks.KOEBENHAVN))
    fault_of(response).check("ADGANG_NAEGTET")


def test_refusals_are_logged_without_personal_data(tls_server, url, certs):
    cpr = ks.synthetic_cpr()
    post(url, session(certs, "client-unlisted"), ks.laes_envelope(cpr=cpr))
    log = tls_server.log()
    assert "not on the allow-list" in log
    assert "outcome=ADGANG_NAEGTET" in log
    assert "TLS handshake refused" in log
    assert cpr not in log


def test_the_server_certificate_expiry_is_warned_about(tls_server):
    # The test certificate is valid for 3 days, well inside the default 30-day warning.
    assert "the server certificate expires in" in tls_server.log()
    assert "renew it" in tls_server.log()


# --- configurations that are refused ---------------------------------------------------------------

def test_plain_http_on_a_non_loopback_address_is_refused_at_start():
    server = sp.ServerProcess({"listen.plain_http": "true", "listen.host": "0.0.0.0"})
    assert server.wait_exit() != 0
    assert "loopback" in server.log()


def test_no_tls_and_no_plain_http_is_refused_at_start():
    server = sp.ServerProcess({})
    assert server.wait_exit() != 0
    assert "mutual TLS only" in server.log()
