"""Shared helpers for the contract tier (tests/e2e/contract) and the e2e tier (tests/e2e/test_*.py).

Plain functions and constants only: no pytest fixtures here (those live in conftest.py), and nothing
that needs a running server. Run every Python test with Debian's interpreter, /usr/bin/python3
(python3-zeep 4.2.1, python3-lxml, python3-pytest, python3-requests).
"""

import datetime
import functools
import pathlib
import random
import re
import uuid

from lxml import etree

# --- where the contract lives --------------------------------------------------------------------

E2E_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
DATA_DIR = REPO_ROOT / "tests" / "data"
INVALID_DIR = DATA_DIR / "invalid"
XSD_DIR = REPO_ROOT / "xsd"
WSDL_PATH = REPO_ROOT / "wsdl" / "context" / "KontaktdataService.wsdl"
MSG_XSD = XSD_DIR / "KontaktdataServiceMsg.xsd"
FAULT_XSD = XSD_DIR / "sp" / "ServiceplatformFault_1.xsd"

# --- namespaces ----------------------------------------------------------------------------------

NS_KD = "http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/"
NS_CALLCTX = "http://serviceplatformen.dk/xml/schemas/CallContext/1/"
NS_AUTCTX = "http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/"
NS_INVCTX = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
NS_SPF = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
NS_SOAPENV = "http://schemas.xmlsoap.org/soap/envelope/"
NS_WSDL = "http://schemas.xmlsoap.org/wsdl/"
NS_WSDLSOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
NS_XSD = "http://www.w3.org/2001/XMLSchema"

NSMAP = {
    "kd": NS_KD,
    "callctx": NS_CALLCTX,
    "autctx": NS_AUTCTX,
    "invctx": NS_INVCTX,
    "spf": NS_SPF,
    "soapenv": NS_SOAPENV,
    "wsdl": NS_WSDL,
    "soap": NS_WSDLSOAP,
    "xsd": NS_XSD,
}

# --- the contract's operations -------------------------------------------------------------------

OPERATIONS = (
    "Laes",
    "List",
    "Opret",
    "Ret",
    "Passiver",
    "Slet",
    "Importer",
    "HentKontaktanvisning",
    "LaesOpgavesprog",
    "RetOpgavesprog",
    "ListHaendelser",
    "ListAdgangslog",
)

def soap_action(operation):
    """The contract's soapAction: the WSDL namespace followed by the operation name."""
    return NS_KD + operation


# --- demo data (DEMO-DATA.md); everything here is fictitious -------------------------------------

AARHUS = "55133018"
KOEBENHAVN = "64942212"
DEMO_ESDH = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001"  # every operation, both municipalities
DEMO_FAGSYSTEM = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002"  # HentKontaktanvisning/Laes/List, Aarhus only
DEMO_CPR = ("0101701234", "0202802345", "0303903456", "0404004567", "0505055678")
DEMO_CVR = ("12345674", "30030036")
# Fixed UUIDs of the golden requests' InvocationContext (any lower-case UUIDs will do).
SERVICE_AGREEMENT_UUID = "42a77d12-7d5c-4c8e-9e4f-5d1c0a0b0c01"
SERVICE_UUID = "8b2c4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d5e"

ERROR_CODES = (
    "UGYLDIG_FORESPOERGSEL",
    "MANGLENDE_KONTEKST",
    "ADGANG_NAEGTET",
    "UGYLDIG_CPR",
    "UGYLDIG_CVR",
    "UGYLDIG_SAGSOMRAADE",
    "UGYLDIG_SPROG",
    "UGYLDIG_VAERDI",
    "UGYLDIG_REFERENCE",
    "PART_FINDES_IKKE",
    "PART_FINDES_ALLEREDE",
    "VERSIONSKONFLIKT",
    "FOR_MANGE",
    "MIDLERTIDIG_FEJL",
    "INTERN_FEJL",
)

UUID_RE = re.compile(r"^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")
KLE_RE = re.compile(r"^\d\d(\.\d\d(\.\d\d)?)?$")
DATETIME_WITH_ZONE_RE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"
)

# --- identifier rules (CONTRACT.md, "Identifiers and value rules") -------------------------------


def cpr_is_valid(cpr):
    """The contract's CPR rule: 10 digits, DDMMYY a valid date, century from the 7th digit.
    No modulus-11 check."""
    if not (isinstance(cpr, str) and len(cpr) == 10 and cpr.isascii() and cpr.isdigit()):
        return False
    day, month, yy, d7 = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if d7 <= 3:
        year = 1900 + yy
    elif d7 in (4, 9):
        year = 2000 + yy if yy <= 36 else 1900 + yy
    else:  # 5-8
        year = 2000 + yy if yy <= 57 else 1800 + yy
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_is_valid(cvr):
    """The contract's CVR rule: 8 digits, first not 0, modulus 11 with weights 2,7,6,5,4,3,2,1."""
    if not (isinstance(cvr, str) and len(cvr) == 8 and cvr.isascii() and cvr.isdigit()):
        return False
    if cvr[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS)) % 11 == 0


_rng = random.SystemRandom()


def synthetic_cpr(rng=_rng):
    """A fresh, SYNTHETIC but valid CPR number, so that reruns against the same database do not
    collide: DDMMYY of a random date in 1940-1999, a 7th digit 0-3 (1900s by the contract's
    century rule) and three random digits. It is not checked against any register: a number
    generated here may by chance belong to a real person, but the test only stores invented contact
    data for it in the test database and never reads register data about it."""
    while True:
        start = datetime.date(1940, 1, 1).toordinal()
        end = datetime.date(1999, 12, 31).toordinal()
        day = datetime.date.fromordinal(rng.randint(start, end))
        cpr = "%02d%02d%02d%d%03d" % (day.day, day.month, day.year % 100, rng.randint(0, 3),
                                      rng.randint(0, 999))
        if cpr_is_valid(cpr) and cpr not in DEMO_CPR:
            return cpr


def synthetic_cvr(rng=_rng):
    """A fresh, SYNTHETIC but valid CVR number: 7 random digits (the first not 0) and the check
    digit that makes the weighted sum divisible by 11 (numbers whose check digit would be 10 are
    skipped)."""
    while True:
        head = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        rest = sum(d * w for d, w in zip(head, CVR_WEIGHTS[:7])) % 11
        check = (11 - rest) % 11
        if check == 10:
            continue
        cvr = "".join(map(str, head)) + str(check)
        if cvr_is_valid(cvr) and cvr not in DEMO_CVR:
            return cvr


# --- a raw request ------------------------------------------------------------------------------

LAES_ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>{doctype}
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                  xmlns:kd="http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/"
                  xmlns:autctx="http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/"
                  xmlns:invctx="http://serviceplatformen.dk/xml/schemas/InvocationContext/1/">
<soapenv:Body>{padding}<kd:LaesRequest>
<autctx:AuthorityContext><autctx:MunicipalityCVR>{municipality}</autctx:MunicipalityCVR></autctx:AuthorityContext>
<invctx:InvocationContext>
<invctx:ServiceAgreementUUID>42a77d12-7d5c-4c8e-9e4f-5d1c0a0b0c01</invctx:ServiceAgreementUUID>
<invctx:UserSystemUUID>{user_system}</invctx:UserSystemUUID>
<invctx:UserUUID>{user}</invctx:UserUUID>
<invctx:ServiceUUID>8b2c4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d5e</invctx:ServiceUUID>
</invctx:InvocationContext>
<kd:Part>{part}</kd:Part>
</kd:LaesRequest></soapenv:Body>
</soapenv:Envelope>
"""


def laes_envelope(cpr=None, part=None, doctype="", padding="", municipality=AARHUS,
                  user_system=DEMO_ESDH):
    """A raw Laes request (Demo ESDH, Aarhus unless told otherwise) of a fresh synthetic person
    unless told otherwise, as bytes."""
    if part is None:
        part = "<kd:CPRNummer>%s</kd:CPRNummer>" % (cpr or synthetic_cpr())
    return LAES_ENVELOPE.format(doctype=doctype, padding=padding, part=part, user=uuid.uuid4(),
                                municipality=municipality, user_system=user_system).encode()


# Document type declarations a hostile client may send: the service never processes one, it refuses
# any DOCTYPE outright (UGYLDIG_FORESPOERGSEL).
DOCTYPES = {
    "plain": "\n<!DOCTYPE soapenv:Envelope>",
    "internal-subset": '\n<!DOCTYPE soapenv:Envelope [<!ENTITY navn "Anna">]>',
    "billion-laughs": "\n<!DOCTYPE soapenv:Envelope [\n"
                      '<!ENTITY lol "lol">\n'
                      '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
                      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
                      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
                      "]>",
    "external-entity": '\n<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "external-dtd": '\n<!DOCTYPE soapenv:Envelope SYSTEM "http://127.0.0.1:9/evil.dtd">',
    "parameter-entity": "\n<!DOCTYPE soapenv:Envelope [\n"
                        '<!ENTITY % ekstern SYSTEM "file:///etc/passwd">\n'
                        "%ekstern;]>",
}


# --- schemas and validation ----------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def schema(path):
    """An lxml XMLSchema compiled from a file (imports and includes resolve relative to it)."""
    return etree.XMLSchema(etree.parse(str(path)))


def msg_schema():
    return schema(MSG_XSD)


def fault_schema():
    return schema(FAULT_XSD)


def schema_errors(xml_schema, element):
    """Validates an element (e.g. a Body child) as the root of a document; returns the error lines
    (empty: valid). Line numbers are those of the element's own document."""
    if xml_schema.validate(element):
        return []
    return ["line %d: %s" % (e.line, e.message) for e in xml_schema.error_log]


def parse_xml(data):
    """Parses bytes without ever loading a DTD, resolving entities or touching the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=False)
    return etree.fromstring(data, parser)


def body_child(envelope):
    """The one element child of soapenv:Body of a SOAP 1.1 envelope."""
    assert envelope.tag == "{%s}Envelope" % NS_SOAPENV, "not a SOAP 1.1 envelope: %s" % envelope.tag
    bodies = envelope.findall("soapenv:Body", NSMAP)
    assert len(bodies) == 1, "expected one soapenv:Body, found %d" % len(bodies)
    children = [c for c in bodies[0] if isinstance(c.tag, str)]
    assert len(children) == 1, "expected one element in soapenv:Body, found %d" % len(children)
    return children[0]


def resolve_qname_text(element):
    """The QName written in an element's text (e.g. faultcode 'SOAP-ENV:Client') as
    (namespace, local name), resolved with the element's in-scope namespaces."""
    text = (element.text or "").strip()
    prefix, _, local = text.rpartition(":")
    return element.nsmap.get(prefix or None), local


class FaultInfo:
    """A SOAP 1.1 fault parsed from the wire, with its ServiceplatformFault detail."""

    def __init__(self, envelope):
        fault = body_child(envelope)
        assert fault.tag == "{%s}Fault" % NS_SOAPENV, "expected soapenv:Fault, got %s" % fault.tag
        faultcode = fault.find("faultcode")
        assert faultcode is not None, "soapenv:Fault without an unqualified faultcode"
        self.faultcode = resolve_qname_text(faultcode)
        faultstring = fault.find("faultstring")
        assert faultstring is not None, "soapenv:Fault without an unqualified faultstring"
        self.faultstring = faultstring.text or ""
        detail = fault.find("detail")
        assert detail is not None, "soapenv:Fault without a detail (the contract puts a " \
                                   "ServiceplatformFault in every fault's detail)"
        spf = detail.find("spf:ServiceplatformFault", NSMAP)
        assert spf is not None, "the fault's detail holds no {%s}ServiceplatformFault: %s" % (
            NS_SPF, etree.tostring(detail).decode(errors="replace")[:500])
        errors = schema_errors(fault_schema(), spf)
        assert not errors, "ServiceplatformFault is not valid against %s: %s" % (
            FAULT_XSD.name, errors)
        self.errors = [
            (e.findtext("spf:ErrorCode", namespaces=NSMAP),
             e.findtext("spf:ErrorText", namespaces=NSMAP))
            for e in spf.findall("spf:ErrorList/spf:Error", NSMAP)
        ]
        assert self.errors, "ServiceplatformFault without ErrorList/Error"

    @property
    def codes(self):
        return [code for code, _ in self.errors]

    @property
    def texts(self):
        return [text for _, text in self.errors]

    def check(self, code, faultcode=None):
        """Asserts the error code, its non-empty ErrorText and the faultcode (Client for a caller
        error, Server for INTERN_FEJL and MIDLERTIDIG_FEJL)."""
        if faultcode is None:
            faultcode = "Server" if code in ("INTERN_FEJL", "MIDLERTIDIG_FEJL") else "Client"
        assert code in self.codes, "expected ErrorCode %s, got %s (faultstring %r)" % (
            code, self.errors, self.faultstring)
        for c, text in self.errors:
            assert c in ERROR_CODES, "ErrorCode %r is not in the contract's table" % c
            assert text and text.strip(), "ErrorCode %s with an empty ErrorText" % c
        assert self.faultcode == (NS_SOAPENV, faultcode), \
            "expected faultcode {%s}%s, got {%s}%s" % ((NS_SOAPENV, faultcode) + self.faultcode)
        return self

    def text_of(self, code):
        return next(text for c, text in self.errors if c == code)

    def __repr__(self):
        return "FaultInfo(faultcode=%r, errors=%r)" % (self.faultcode, self.errors)


# What a fault must never show a caller: SQLSTATEs, SQL, database or C++ internals, stack traces.
INTERNALS = re.compile(
    r"SQLSTATE|\b(SELECT|INSERT|UPDATE|DELETE)\s+\w+.*\b(FROM|INTO|SET)\b|\bERROR:\s|pqxx|"
    r"libpq|postgres|std::|terminate called|\.cpp\b|\.hpp\b|#\d+\s+0x[0-9a-f]+|stdsoap2",
    re.IGNORECASE)


def assert_no_internals(info):
    """A fault's faultstring and ErrorTexts tell the caller what is wrong, never how the service
    is built (INTERN_FEJL carries a log reference instead)."""
    for text in [info.faultstring] + info.texts:
        assert not INTERNALS.search(text or ""), "a fault shows internals: %r" % text


def check_response_envelope(data, operation=None):
    """Validates a raw SOAP response: a fault's detail against ServiceplatformFault_1.xsd, any
    other Body child against KontaktdataServiceMsg.xsd (and, given the operation, that it is
    <operation>Response). Returns the parsed envelope."""
    envelope = parse_xml(data)
    child = body_child(envelope)
    if child.tag == "{%s}Fault" % NS_SOAPENV:
        FaultInfo(envelope)  # asserts the detail and validates it
        return envelope
    if operation is not None:
        assert child.tag == "{%s}%sResponse" % (NS_KD, operation), \
            "expected {%s}%sResponse, got %s" % (NS_KD, operation, child.tag)
    errors = schema_errors(msg_schema(), child)
    assert not errors, "%s is not valid against %s: %s" % (
        etree.QName(child).localname, MSG_XSD.name, errors)
    return envelope


# --- comparing contact data (zeep objects) -------------------------------------------------------
# Used by the e2e tests to compare what Laes/List answer with what a request carried. The order of
# addresses, channels and forms in an answer is not part of the contract: lists are compared sorted.

ADDRESS_KEYS = ("AdresseID", "Adressetype", "Postadresse", "Email", "Mobilnummer", "GyldigFra",
                "GyldigTil", "SidstVerificeret")
DANSK_KEYS = ("Vejnavn", "Husnummer", "Etage", "Sidedoer", "Postnummer", "Postdistrikt")
CHANNEL_KEYS = ("Kanal", "AdresseID", "Sagsomraade", "Prioritet", "GyldigFra", "GyldigTil")
FORM_KEYS = ("Sprog", "Tiltaleform", "Medie", "Tolkebehov", "Tolkesprog", "Sagsomraade", "Prioritet")


def plain(obj):
    """A zeep object as plain dicts and lists."""
    import zeep.helpers  # only the e2e tier needs zeep here
    return zeep.helpers.serialize_object(obj, target_cls=dict)


def _postadresse(p):
    if not p:
        return None
    dansk, linjer = p.get("DanskAdresse"), p.get("Adresselinjer")
    return {
        "DanskAdresse": {k: dansk.get(k) for k in DANSK_KEYS} if dansk else None,
        "Adresselinjer": {"Adresselinje": list(linjer["Adresselinje"]),
                          "Landekode": linjer["Landekode"]} if linjer else None,
    }


def instant(value):
    """An aware datetime as UTC (aware datetimes compare as instants; a naive one would break the
    contract, which requires a zone)."""
    if value is not None:
        assert value.tzinfo is not None, "a dateTime without a zone: %r" % value
    return value.astimezone(datetime.timezone.utc) if value is not None else None


def _address(a, bare_mobile_is_danish=False):
    out = {k: a.get(k) for k in ADDRESS_KEYS}
    out["Postadresse"] = _postadresse(a.get("Postadresse"))
    out["SidstVerificeret"] = instant(a.get("SidstVerificeret"))
    mobil = out["Mobilnummer"]
    if bare_mobile_is_danish and mobil and len(mobil) == 8 and mobil.isdigit():
        out["Mobilnummer"] = "+45" + mobil
    return out


def _sorted(items):
    import json
    return sorted(items, key=lambda d: json.dumps(d, sort_keys=True, default=str))


def expected_from_request(data):
    """What Laes must give back for a Kontaktdata (a dict) that Opret/Ret/Importer was given."""
    return {
        "Part": {k: data["Part"].get(k) for k in ("CPRNummer", "CVRNummer")},
        "Kontaktadresse": _sorted(_address(a, bare_mobile_is_danish=True)
                                  for a in data.get("Kontaktadresse", [])),
        "Kontaktkanal": _sorted({k: c.get(k) for k in CHANNEL_KEYS}
                                for c in data.get("Kontaktkanal", [])),
        "Kontaktform": _sorted({k: f.get(k) for k in FORM_KEYS} for f in data.get("Kontaktform", [])),
    }


def actual_from_response(kd, drop_generated_ids=()):
    """The content of a Kontaktdata answered to the Demo ESDH system (which sees protected
    addresses: nothing may be withheld), in the form of expected_from_request. AdresseIDs in
    `drop_generated_ids` (chosen by the service) are compared as None."""
    p = plain(kd)
    addresses = []
    for a in p.get("Kontaktadresse") or []:
        assert not a.get("Tilbageholdt"), "Demo ESDH sees protected addresses: nothing is withheld"
        a = _address(a)
        if a["AdresseID"] in drop_generated_ids:
            a["AdresseID"] = None
        addresses.append(a)
    return {
        "Part": {k: p["Part"].get(k) for k in ("CPRNummer", "CVRNummer")},
        "Kontaktadresse": _sorted(addresses),
        "Kontaktkanal": _sorted({k: c.get(k) for k in CHANNEL_KEYS}
                                for c in p.get("Kontaktkanal") or []),
        "Kontaktform": _sorted({k: f.get(k) for k in FORM_KEYS}
                               for f in p.get("Kontaktform") or []),
    }


def whole_answer(kd):
    """A whole Kontaktdata answer (content, Version and Registrering) in a form that compares
    equal for two answers of the same registration, whatever the order of their lists."""
    p = plain(kd)
    reg = dict(p.get("Registrering") or {})
    if reg.get("Tidspunkt") is not None:
        reg["Tidspunkt"] = instant(reg["Tidspunkt"])
    addresses = []
    for a in p.get("Kontaktadresse") or []:
        a = dict(a)
        a["SidstVerificeret"] = instant(a.get("SidstVerificeret"))
        addresses.append(a)
    return {
        "Part": p["Part"], "Version": p.get("Version"), "Registrering": reg,
        "Kontaktadresse": _sorted(addresses),
        "Kontaktkanal": _sorted(p.get("Kontaktkanal") or []),
        "Kontaktform": _sorted(p.get("Kontaktform") or []),
    }


def part_key_of(part):
    """(CPRNummer, CVRNummer) of a Part given as a dict or a zeep object."""
    if isinstance(part, dict):
        return part.get("CPRNummer"), part.get("CVRNummer")
    return getattr(part, "CPRNummer", None), getattr(part, "CVRNummer", None)


def same_part(a, b):
    """Whether two Parts (zeep objects or dicts) name the same party."""
    return part_key_of(a) == part_key_of(b)


# --- raw HTTP answers ----------------------------------------------------------------------------

def expect_fault_response(response, code, faultcode=None):
    """Asserts that a raw HTTP response (python-requests) is a SOAP 1.1 fault over HTTP 500, as
    text/xml, whose ServiceplatformFault carries `code`. Returns the FaultInfo."""
    assert response.status_code == 500, "expected HTTP 500 with a SOAP fault, got %s: %r" % (
        response.status_code, response.content[:300])
    ctype = response.headers.get("Content-Type", "")
    assert ctype.startswith("text/xml"), "a SOAP 1.1 fault is text/xml, got %r" % ctype
    return FaultInfo(parse_xml(response.content)).check(code, faultcode)


# --- the access log ------------------------------------------------------------------------------

def match_access_log(lines, calls):
    """Checks a part's access log (the Logpost list of ListAdgangslog) against the calls a test
    made that concern the part (objects with operation, call_id, ok, user_system, user,
    on_behalf_of; each call with its own CallersServiceCallIdentifier).

    - every line belongs to one of these calls (found by its CallersServiceCallIdentifier);
    - every call answered normally, other than ListAdgangslog, has exactly one line, and the lines
      are in the order of the calls (oldest first), each naming the operation, the calling system,
      the user, OnBehalfOfUser and the identifier the call carried.
    Not asserted, because the contract leaves it open: whether ListAdgangslog itself writes a line,
    and whether a refused call does (a request happens wholly or not at all, but an access log
    may also keep refused reads). Returns {call_id: Logpost} of the calls answered normally."""
    by_id = {c.call_id: c for c in calls}
    assert None not in by_id and len(by_id) == len(calls), "every call needs its own identifier"
    times = [instant(line.Tidspunkt) for line in lines]
    assert times == sorted(times), "the access log is not oldest first: %s" % times
    for line in lines:
        assert line.CallersServiceCallIdentifier in by_id, \
            "a line of a call that did not concern the part: %s" % plain(line)
    counted = [line for line in lines
               if by_id[line.CallersServiceCallIdentifier].ok
               and by_id[line.CallersServiceCallIdentifier].operation != "ListAdgangslog"]
    expected = [c for c in calls if c.ok and c.operation != "ListAdgangslog"]
    assert [(line.Operation, line.CallersServiceCallIdentifier) for line in counted] == \
        [(c.operation, c.call_id) for c in expected], "the access log does not list the calls"
    for line in lines:
        call = by_id[line.CallersServiceCallIdentifier]
        assert line.Operation == call.operation
        assert (line.UserSystemUUID, line.UserUUID, line.OnBehalfOfUser) == \
            (call.user_system, call.user, call.on_behalf_of), \
            "Logpost %s does not name the caller of %s" % (plain(line), call)
    return {line.CallersServiceCallIdentifier: line for line in counted}


# --- HentKontaktanvisning ------------------------------------------------------------------------

SIMULATOR_FIXTURE = REPO_ROOT / "src" / "simulator" / "fixtures" / "registre.json"

ANVISNING_STATUSES = ("KONTAKTDATA", "KUN_REGISTER", "UGYLDIG")
KILDER = ("KONTAKTDATA", "CPR", "CVR")
ADVARSEL_CODES = ("ADRESSEBESKYTTELSE", "DOED", "UDREJST", "FORSVUNDET", "PERSONNUMMER_AENDRET",
                  "OPHOERT", "REGISTER_UTILGAENGELIG", "IKKE_VERIFICERET", "UKENDT_I_REGISTER",
                  "SPROG_IKKE_TILLADT")


def dansk(vejnavn, husnummer, etage, sidedoer, postnummer, postdistrikt):
    """A DanskAdresse as the key `postadresse_key` makes of one."""
    return ("DANSK", vejnavn, husnummer, etage, sidedoer, postnummer, postdistrikt)


def linjer(lines, landekode):
    """An Adresselinjer address as the key `postadresse_key` makes of one."""
    return ("LINJER", tuple(lines), landekode)


def postadresse_key(p):
    """A Postadresse (zeep object or dict, or None) as a comparable tuple: dansk(...) or
    linjer(...), None for none."""
    if p is None:
        return None
    p = plain(p) if not isinstance(p, dict) else p
    d, l = p.get("DanskAdresse"), p.get("Adresselinjer")
    assert (d is None) != (l is None), "a Postadresse is DanskAdresse or Adresselinjer: %s" % p
    if d is not None:
        return dansk(d["Vejnavn"], d["Husnummer"], d.get("Etage"), d.get("Sidedoer"),
                     d["Postnummer"], d["Postdistrikt"])
    return linjer(l["Adresselinje"], l["Landekode"])


def kanaler(anvisning):
    """The channels of a Kontaktanvisning, in answer order, as (Kanal, Kilde, value) with the
    value the e-mail, mobile number or postadresse_key (None for none)."""
    out = []
    for k in anvisning.Kanal or []:
        value = k.Email or k.Mobilnummer or postadresse_key(k.Postadresse)
        out.append((k.Kanal, k.Kilde, value))
    return out


def advarsler(anvisning):
    """The warning codes of a Kontaktanvisning, in answer order."""
    return [a.Kode for a in anvisning.Advarsel or []]


def registreret(anvisning):
    """RegistreretAdresse as (Navn, postadresse_key), or None."""
    r = anvisning.RegistreretAdresse
    return None if r is None else (r.Navn, postadresse_key(r.Postadresse))


def form(anvisning):
    """The Kontaktform as (Sprog, Tiltaleform, Medie, Tolkebehov, Tolkesprog, Kilde)."""
    f = anvisning.Kontaktform
    return (f.Sprog, f.Tiltaleform, f.Medie, f.Tolkebehov, f.Tolkesprog, f.Kilde)


STANDARD_FORM = ("da", None, "TEKST", False, None, "STANDARD")


def check_anvisning(anvisning):
    """What holds for every Kontaktanvisning, whatever the rules chose (CONTRACT.md): an UGYLDIG
    item holds its Part and Status only; any other has a Kontaktform, channels numbered 1..n in
    answer order, never the same channel and value twice, a Begrundelse a caseworker can read on
    every channel and on the form, register channels without an AdresseID, stored ones with the
    AdresseID of a stored address where the channel needs one, warnings from the contract's list
    each with a text, and a RegistreretAdresse whose address is among the BREVPOST channels (the
    register's own, or a stored one with the same address, which is not listed twice)."""
    assert anvisning.Status in ANVISNING_STATUSES
    if anvisning.Status == "UGYLDIG":
        assert not anvisning.Kanal and anvisning.Kontaktform is None
        assert anvisning.RegistreretAdresse is None and not anvisning.Advarsel
        return
    assert anvisning.Kontaktform is not None, "every valid item has a Kontaktform"
    assert (anvisning.Kontaktform.Begrundelse or "").strip()
    assert anvisning.Kontaktform.Kilde in ("KONTAKTDATA", "STANDARD")
    seen = set()
    for place, k in enumerate(anvisning.Kanal or [], start=1):
        assert k.Prioritet == place, "Prioritet is the place in the answer: %s" % plain(k)
        assert k.Kilde in KILDER
        assert (k.Begrundelse or "").strip(), "a channel without Begrundelse: %s" % plain(k)
        if k.Kilde != "KONTAKTDATA":
            assert k.AdresseID is None, "a register channel names no stored address"
            assert k.Kanal in ("DIGITAL_POST", "BREVPOST")
        elif k.Kanal in ("EMAIL", "SMS", "TELEFON", "BREVPOST"):
            assert k.AdresseID, "a stored %s channel names its address" % k.Kanal
        value = (k.Kanal, (k.Email or "").lower() or k.Mobilnummer
                 or postadresse_key(k.Postadresse) or (k.AdresseID if k.Kanal != "DIGITAL_POST"
                                                       else None))
        assert value not in seen, "a channel listed twice: %s" % (value,)
        seen.add(value)
    for a in anvisning.Advarsel or []:
        assert a.Kode in ADVARSEL_CODES, "an unknown warning %r" % a.Kode
        assert (a.Tekst or "").strip()
    codes = advarsler(anvisning)
    assert codes == sorted(codes, key=ADVARSEL_CODES.index), \
        "warnings are listed in the contract's order: %s" % codes
    if anvisning.RegistreretAdresse is not None:
        assert anvisning.RegistreretAdresse.Navn
        post = [postadresse_key(k.Postadresse) for k in anvisning.Kanal or []
                if k.Kanal == "BREVPOST"]
        assert postadresse_key(anvisning.RegistreretAdresse.Postadresse) in post, \
            "RegistreretAdresse is the register's postal address, a channel of the answer"


def simulator_fixture():
    """The register simulator's fixture (src/simulator/fixtures/registre.json) as parsed JSON."""
    import json
    with open(SIMULATOR_FIXTURE, encoding="utf-8") as f:
        return json.load(f)

