"""kontaktdata-registersimulator end to end: starts the binary on a free port, posts raw SOAP
(SF1520 PersonLookup, SF1530 getLegalUnit), checks the answers against DEMO-DATA.md, validates
them against the REAL contracts in ../shared/contracts (skipped when absent, failed under
CI=true), exercises the control modes, the signals and --synthetic, and always stops the process.

Environment (set by tests/simulator/CMakeLists.txt): KD_SIMULATOR (the binary), KD_SOURCE_DIR.
"""
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from lxml import etree

SIMULATOR = os.environ.get("KD_SIMULATOR", "")
SOURCE_DIR = Path(os.environ.get("KD_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CONTRACTS = (SOURCE_DIR / ".." / "shared" / "contracts").resolve()

CPR_PATH = "/service/CPR/PersonBaseDataExtended/4"
CVR_PATH = "/service/CVR/Online/2"
NS = {
    "s": "http://schemas.xmlsoap.org/soap/envelope/",
    "p": "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/",
    "spf": "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/",
    "o": "http://rep.oio.dk/eogs/xml/2/",
    "w": "http://rep.oio.dk/eogs/xml.wsdl/",
    "c": "http://rep.oio.dk/eogs/xml.schema/",
    "c5": "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/",
    "c3": "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/",
}
INVOCATION = (
    '<invctx:InvocationContext xmlns:invctx="http://serviceplatformen.dk/xml/schemas/InvocationContext/1/">'
    "<invctx:ServiceAgreementUUID>6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0a01</invctx:ServiceAgreementUUID>"
    "<invctx:UserSystemUUID>6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0a02</invctx:UserSystemUUID>"
    "<invctx:UserUUID>6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0a03</invctx:UserUUID>"
    "<invctx:ServiceUUID>e6be2436-bf35-4df2-83fe-925142825dc2</invctx:ServiceUUID>"
    "<invctx:CallersServiceCallIdentifier>sim-test</invctx:CallersServiceCallIdentifier>"
    "</invctx:InvocationContext>"
)


def cpr_request(pnr):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body>"
        '<pbde:PersonLookupRequest xmlns:pbde="http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/">'
        + INVOCATION
        + '<pnr:PNR xmlns:pnr="http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/">'
        + pnr
        + "</pnr:PNR></pbde:PersonLookupRequest></soapenv:Body></soapenv:Envelope>"
    )


def cvr_request(cvr):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soapenv:Body>"
        '<msg:GetLegalUnitRequest xmlns:msg="http://rep.oio.dk/eogs/xml/2/">'
        + INVOCATION
        + '<cvrws:GetLegalUnitRequest xmlns:cvrws="http://rep.oio.dk/eogs/xml.wsdl/" level="1">'
        '<cvr:LegalUnitIdentifier xmlns:cvr="http://rep.oio.dk/eogs/xml.schema/">'
        + cvr
        + "</cvr:LegalUnitIdentifier></cvrws:GetLegalUnitRequest></msg:GetLegalUnitRequest>"
        "</soapenv:Body></soapenv:Envelope>"
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Simulator:
    def __init__(self, *args):
        if not SIMULATOR or not os.access(SIMULATOR, os.X_OK):
            pytest.fail(f"KD_SIMULATOR is not an executable: {SIMULATOR!r}")
        self.port = free_port()
        self.proc = subprocess.Popen(
            [SIMULATOR, "--host", "127.0.0.1", "--port", str(self.port), "--workers", "4", "--verbose", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                if line.startswith("ready "):
                    return
            if self.proc.poll() is not None:
                break
        self.stop()
        pytest.fail("the simulator did not become ready: " + (self.proc.stderr.read() or ""))

    def stop(self, timeout=5):
        """SIGTERM, then SIGKILL if it does not go; returns the exit code and stderr."""
        if self.proc.stderr.closed:
            return self.proc.returncode, ""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode, err

    def request(self, method, path, body=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "text/xml; charset=utf-8"} if body is not None else {}
            conn.request(method, path, body=body.encode("utf-8") if body else None, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.getheader("Content-Type") or "", resp.read()
        finally:
            conn.close()

    def control(self, query=""):
        status, ctype, body = self.request("GET", "/control" + (("?" + query) if query else ""))
        assert status == 200, body
        assert ctype.startswith("application/json")
        return json.loads(body)


@pytest.fixture(scope="module")
def sim():
    s = Simulator()
    try:
        yield s
    finally:
        rc, err = s.stop()
        assert rc == 0, err
        assert "stoppet" in err


def body_child(xml_bytes):
    root = etree.fromstring(xml_bytes)
    assert root.tag == f"{{{NS['s']}}}Envelope"
    body = root.find("s:Body", NS)
    assert body is not None and len(body) == 1
    return body[0]


def lookup_person(sim, pnr):
    status, _, raw = sim.request("POST", CPR_PATH, cpr_request(pnr))
    return status, raw


def text(el, path):
    found = el.find(path, NS)
    return None if found is None else found.text


# ------------------------------------------------------------------------------------ SF1520 CPR

PERSONS = {
    "0101701234": dict(fornavn="Anna", efternavn="Jensen", status="1", digitalpost="true", beskyttet=None,
                       adresse=("Vestergade", "12", "1", "th", "8000", "Aarhus C"), udland=None),
    "0202802345": dict(fornavn="Bo", efternavn="Hansen", status="1", digitalpost="false", beskyttet="true",
                       adresse=("Nørregade", "5", None, None, "1165", "København K"), udland=None),
    "0303903456": dict(fornavn="Carl", efternavn="Nielsen", status="90", digitalpost="false", beskyttet=None,
                       adresse=None, udland=None),
    "0404004567": dict(fornavn="Dorte", efternavn="Larsen", status="80", digitalpost="false", beskyttet=None,
                       adresse=None, udland=("Calle Mayor 3", "28013 Madrid", "Spanien")),
    "0505055678": dict(fornavn="Emil", efternavn="Sørensen", status="1", digitalpost="false", beskyttet=None,
                       adresse=("Søndergade", "1", None, None, "8000", "Aarhus C"), udland=None),
}


@pytest.mark.parametrize("pnr", sorted(PERSONS))
def test_person_lookup(sim, pnr):
    want = PERSONS[pnr]
    status, raw = lookup_person(sim, pnr)
    assert status == 200, raw
    resp = body_child(raw)
    assert resp.tag == f"{{{NS['p']}}}PersonLookupResponse"
    pd = resp.find("p:persondata", NS)
    assert text(pd, "p:personnummer") == pnr
    assert text(pd, "p:gaeldendePersonnummer") == pnr
    assert text(pd, "p:navn/p:fornavn") == want["fornavn"]
    assert text(pd, "p:navn/p:efternavn") == want["efternavn"]
    assert text(pd, "p:status/p:status") == want["status"]
    assert text(pd, "p:status/p:statusdato/p:dato")
    assert text(pd, "p:tilmeldtDigitalpost") == want["digitalpost"]
    assert text(pd, "p:adressebeskyttelse/p:beskyttet") == want["beskyttet"]
    if want["beskyttet"]:
        assert text(pd, "p:adressebeskyttelse/p:startdato")
        assert pd.find("p:adressebeskyttelse/p:slutdato", NS) is None  # in force, open-ended
    adr = resp.find("p:adresse/p:aktuelAdresse", NS)
    if want["adresse"] is None:
        assert adr is None
    else:
        vej, nr, etage, side, postnr, by = want["adresse"]
        assert (text(adr, "p:vejnavn"), text(adr, "p:husnummer"), text(adr, "p:etage"), text(adr, "p:sidedoer"),
                text(adr, "p:postnummer"), text(adr, "p:postdistrikt")) == (vej, nr, etage, side, postnr, by)
    udr = resp.find("p:adresse/p:udrejseoplysninger", NS)
    if want["udland"] is None:
        assert udr is None
    else:
        assert tuple(text(udr, f"p:udlandsadresse{i}") for i in (1, 2, 3)) == want["udland"]
        assert text(udr, "p:udrejsedato/p:dato")


def check_cpr_fault(sim, pnr, faultstring):
    status, raw = lookup_person(sim, pnr)
    assert status == 500, raw
    fault = body_child(raw)
    assert fault.tag == f"{{{NS['s']}}}Fault"
    assert fault.findtext("faultcode").endswith(":Client")
    assert fault.findtext("faultstring") == faultstring
    spf = fault.find("detail/spf:ServiceplatformFault", NS)
    assert spf is not None
    assert text(spf, "spf:ErrorList/spf:Error/spf:ErrorText") == faultstring
    return spf


def test_unknown_valid_person_is_pnr_not_found(sim):
    check_cpr_fault(sim, "0606066789", "PNR not found")


def test_malformed_pnr_is_a_client_fault(sim):
    check_cpr_fault(sim, "12345", "Invalid PNR")


# ------------------------------------------------------------------------------------ SF1530 CVR

COMPANIES = {
    "12345674": ("Eksempel ApS", ("Industrivej", "7", "7100", "Vejle"), False),
    "30030036": ("Ophørt Handel A/S", ("Havnegade", "2", "5000", "Odense C"), True),
}


@pytest.mark.parametrize("cvr", sorted(COMPANIES))
def test_get_legal_unit(sim, cvr):
    name, address, ceased = COMPANIES[cvr]
    status, _, raw = sim.request("POST", CVR_PATH, cvr_request(cvr))
    assert status == 200, raw
    resp = body_child(raw)
    assert resp.tag == f"{{{NS['o']}}}GetLegalUnitResponse"
    unit = resp.find("w:GetLegalUnitResponse/c:LegalUnit", NS)
    assert text(unit, "c:LegalUnitIdentifier") == cvr
    assert text(unit, "c:LegalUnitName/c:name") == name
    pe = unit.find("c:AddressOfficial/c:AddressPostalExtended", NS)
    assert (text(pe, "c5:StreetName"), text(pe, "c3:StreetBuildingIdentifier"), text(pe, "c5:PostCodeIdentifier"),
            text(pe, "c5:DistrictName")) == address
    assert text(unit, "c:AddressOfficial/c3:CountryIdentificationCode") == "DK"
    assert (unit.find("c:Lifecycle/c:CessationDate", NS) is not None) == ceased


def test_unknown_valid_company_is_the_registers_fault(sim):
    status, _, raw = sim.request("POST", CVR_PATH, cvr_request("11111111"))
    assert status == 500, raw
    fault = body_child(raw)
    assert fault.tag == f"{{{NS['s']}}}Fault"
    assert fault.findtext("faultcode").endswith(":Server")
    assert fault.findtext("faultstring") == "Required property '/virksomhed/CVRNummer' missing."


def test_both_registers_answer_on_any_path(sim):
    assert sim.request("POST", "/", cpr_request("0101701234"))[0] == 200
    assert sim.request("POST", "/", cvr_request("12345674"))[0] == 200


def test_not_soap_is_refused(sim):
    status, _, raw = sim.request("POST", CPR_PATH, "<nope/>")
    assert status >= 400
    assert sim.request("GET", "/other")[0] == 404


# ---------------------------------------------------------------------------------- the control

def test_slow_unavailable_drop_and_back_to_normal(sim):
    try:
        assert sim.control("mode=slow&delay_ms=600") == {"mode": "slow", "delay_ms": 600}
        start = time.monotonic()
        status, raw = lookup_person(sim, "0101701234")
        assert status == 200 and b"Jensen" in raw
        assert time.monotonic() - start >= 0.55

        assert sim.control("mode=unavailable")["mode"] == "unavailable"
        for req in (cpr_request("0101701234"), cvr_request("12345674")):
            status, ctype, raw = sim.request("POST", CPR_PATH, req)
            assert status == 503
            assert raw == b"" and "xml" not in ctype  # no SOAP body
        assert sim.control() == {"mode": "unavailable", "delay_ms": 600}  # control still answers

        assert sim.control("mode=drop")["mode"] == "drop"
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            lookup_person(sim, "0101701234")

        status, ctype, raw = sim.request("GET", "/control?mode=sideways")
        assert status == 400
        assert sim.control()["mode"] == "drop"
    finally:
        assert sim.control("mode=normal")["mode"] == "normal"
    start = time.monotonic()
    status, raw = lookup_person(sim, "0101701234")
    assert status == 200 and time.monotonic() - start < 0.5


def test_a_mode_change_ends_a_slow_wait(sim):
    sim.control("mode=slow&delay_ms=20000")
    result = {}

    def call():
        start = time.monotonic()
        result["status"], _ = lookup_person(sim, "0505055678")
        result["took"] = time.monotonic() - start

    t = threading.Thread(target=call)
    t.start()
    time.sleep(0.3)
    sim.control("mode=normal")
    t.join(timeout=5)
    assert not t.is_alive()
    assert result["status"] == 200 and result["took"] < 3


def test_signals_cycle_the_mode(sim):
    def mode_after(sig, want):
        sim.proc.send_signal(sig)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if sim.control()["mode"] == want:
                return True
            time.sleep(0.05)
        return False

    sim.control("mode=normal&delay_ms=300")
    assert mode_after(signal.SIGUSR1, "slow")
    assert mode_after(signal.SIGUSR1, "unavailable")
    assert lookup_person(sim, "0101701234")[0] == 503
    assert mode_after(signal.SIGUSR2, "normal")
    assert lookup_person(sim, "0101701234")[0] == 200


def test_stop_does_not_wait_out_a_slow_request():
    s = Simulator("--mode", "slow", "--delay-ms", "60000")
    t = threading.Thread(target=lambda: s.request("POST", CPR_PATH, cpr_request("0101701234"), timeout=20))
    try:
        t.start()
        time.sleep(0.3)
        start = time.monotonic()
        rc, err = s.stop(timeout=5)
        assert rc == 0, err
        assert time.monotonic() - start < 3
    finally:
        s.stop()
        t.join(timeout=20)
    assert not t.is_alive()


# ------------------------------------------------------------- validation against the real XSDs

def contracts_or_skip():
    if CONTRACTS.is_dir():
        return CONTRACTS
    reason = f"the real contracts are not here ({CONTRACTS}); not validated"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the real contracts are missing: {CONTRACTS}")
    if os.environ.get("KD_SKIP_RETURN_CODE"):  # CTest's contract test: report SKIPPED, not passed
        pytest.exit(reason, returncode=int(os.environ["KD_SKIP_RETURN_CODE"]))
    pytest.skip(reason)


class _TypesImportPNR(etree.Resolver):
    """libxml2 wants every schema document that refers to another namespace to import it itself;
    the real SF1520 Types XSD relies on the import in the Msg XSD that includes it (Xerces, and
    the Serviceplatform, accept that). Serve the Types XSD with that one import added, nothing
    else changed."""

    def resolve(self, url, pubid, context):
        if not url.endswith("PersonBaseDataExtendedServiceTypes.xsd"):
            return None
        path = url[len("file://"):] if url.startswith("file://") else url
        text = Path(path).read_text(encoding="utf-8")
        end = text.index(">", text.index("<xsd:schema")) + 1
        text = (text[:end] + '<xsd:import namespace="http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/" '
                'schemaLocation="../sp/PNR_1.xsd"/>' + text[end:])
        return self.resolve_string(text, context, base_url=url)


def real_schema(relative):
    parser = etree.XMLParser()
    parser.resolvers.add(_TypesImportPNR())
    return etree.XMLSchema(etree.parse(str(contracts_or_skip() / relative), parser))


def validate_all(schema, elements):
    assert elements
    for el in elements:
        if not schema.validate(etree.ElementTree(el)):
            pytest.fail(f"{el.tag}: {schema.error_log}")


CPR_MSG = "SF1520-cpr-PersonBaseDataExtended/PersonBaseDataExtendedServiceMsg.xsd"
CVR_MSG = "SF1530-cvr-OnlineService/OnlineServiceMsg.xsd"


def test_contract_requests_are_valid_against_the_real_contracts():
    cpr, cvr = real_schema(CPR_MSG), real_schema(CVR_MSG)
    validate_all(cpr, [body_child(cpr_request(p).encode()) for p in PERSONS])
    validate_all(cvr, [body_child(cvr_request(c).encode()) for c in COMPANIES])


def test_contract_cpr_answers_are_valid_against_the_real_contract(sim):
    schema = real_schema(CPR_MSG)
    answers = []
    for pnr in PERSONS:
        status, raw = lookup_person(sim, pnr)
        assert status == 200, raw
        answers.append(body_child(raw))
    validate_all(schema, answers)
    # The fault detail of an unknown person: the contract's ServiceplatformFault.
    validate_all(real_schema("SF1520-cpr-PersonBaseDataExtended/sp/ServiceplatformFault_1.xsd"),
                 [check_cpr_fault(sim, "0606066789", "PNR not found")])


def test_contract_cvr_answers_are_valid_against_the_real_contract(sim):
    schema = real_schema(CVR_MSG)
    answers = []
    for cvr in COMPANIES:
        status, _, raw = sim.request("POST", CVR_PATH, cvr_request(cvr))
        assert status == 200, raw
        answers.append(body_child(raw))
    validate_all(schema, answers)


# ------------------------------------------------------------------------------ --synthetic mode

# Valid by the contract's rules and in no fixture: a CPR number of 3 February 1903 (7th digit 1)
# and a CVR number that passes modulus 11. Without --synthetic both are unknown (the tests above).
SYNTHETIC_PNR = "0302031234"
SYNTHETIC_CVR = "10000009"  # 1*2 + 9*1 = 11


@pytest.fixture(scope="module")
def synthetic_sim():
    s = Simulator("--synthetic")
    try:
        yield s
    finally:
        rc, err = s.stop()
        assert rc == 0, err


def test_synthetic_answers_a_valid_unknown_person_with_a_generated_one(synthetic_sim, sim):
    status, raw = lookup_person(synthetic_sim, SYNTHETIC_PNR)
    assert status == 200, raw
    resp = body_child(raw)
    pd = resp.find("p:persondata", NS)
    assert text(pd, "p:personnummer") == SYNTHETIC_PNR
    assert text(pd, "p:gaeldendePersonnummer") == SYNTHETIC_PNR
    assert text(pd, "p:navn/p:fornavn") and text(pd, "p:navn/p:efternavn")
    assert text(pd, "p:status/p:status") == "1"
    assert text(pd, "p:status/p:statusdato/p:dato").startswith("1903-02-03")
    assert text(pd, "p:tilmeldtDigitalpost") in ("true", "false")
    assert pd.find("p:adressebeskyttelse", NS) is None
    adr = resp.find("p:adresse/p:aktuelAdresse", NS)
    assert text(adr, "p:vejnavn") and text(adr, "p:husnummer")
    assert len(text(adr, "p:postnummer")) == 4 and text(adr, "p:postdistrikt")
    # The same number gets the same person every time; without --synthetic it is unknown.
    assert lookup_person(synthetic_sim, SYNTHETIC_PNR) == (200, raw)
    assert lookup_person(sim, SYNTHETIC_PNR)[0] == 500


def test_synthetic_keeps_the_fixture_and_the_unknown_answer_for_invalid_dates(synthetic_sim):
    status, raw = lookup_person(synthetic_sim, "0101701234")
    assert status == 200
    assert text(body_child(raw), "p:persondata/p:navn/p:fornavn") == "Anna"
    check_cpr_fault(synthetic_sim, "3002001234", "PNR not found")  # 30 February
    check_cpr_fault(synthetic_sim, "12345", "Invalid PNR")


def test_synthetic_answers_a_valid_unknown_company_with_a_generated_one(synthetic_sim):
    status, _, raw = synthetic_sim.request("POST", CVR_PATH, cvr_request(SYNTHETIC_CVR))
    assert status == 200, raw
    unit = body_child(raw).find("w:GetLegalUnitResponse/c:LegalUnit", NS)
    assert text(unit, "c:LegalUnitIdentifier") == SYNTHETIC_CVR
    assert text(unit, "c:LegalUnitName/c:name")
    assert unit.find("c:Lifecycle/c:CessationDate", NS) is None  # active
    assert text(unit, "c:AddressOfficial/c:AddressPostalExtended/c5:StreetName")
    status, _, raw = synthetic_sim.request("POST", CVR_PATH, cvr_request("11111111"))  # not mod 11
    assert status == 500 and b"Required property" in raw


def test_contract_synthetic_answers_are_valid_against_the_real_contracts(synthetic_sim):
    cpr, cvr = real_schema(CPR_MSG), real_schema(CVR_MSG)
    status, raw = lookup_person(synthetic_sim, SYNTHETIC_PNR)
    assert status == 200, raw
    validate_all(cpr, [body_child(raw)])
    status, _, raw = synthetic_sim.request("POST", CVR_PATH, cvr_request(SYNTHETIC_CVR))
    assert status == 200, raw
    validate_all(cvr, [body_child(raw)])
