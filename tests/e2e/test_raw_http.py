"""Raw HTTP (python-requests), for what zeep cannot or will not send: requests that are not
well-formed, not valid against the XSD, carry a DOCTYPE, are compressed (Content-Encoding), are too
deep or too large. Each must be answered HTTP 500 with a SOAP 1.1 Fault (text/xml) whose detail is
ServiceplatformFault UGYLDIG_FORESPOERGSEL and faultcode Client; and the server must go on serving.

The size limit: the contract reads requests up to 8 MB (configurable) and answers larger ones
UGYLDIG_FORESPOERGSEL. The test assumes the default; set KONTAKTDATA_E2E_MAX_REQUEST_BYTES when the
server under test is configured otherwise. For an oversize request three answers are accepted,
because a server may stop reading early and close the connection while the client is still
sending (then the client may see a reset instead of the answer): (1) HTTP 500 with
UGYLDIG_FORESPOERGSEL, (2) HTTP 413, (3) the connection closed or reset. In every case the server
must then answer the next request normally. A request somewhat below the limit must be read and
answered normally (not UGYLDIG_FORESPOERGSEL).
"""

import gzip
import os
import zlib

import pytest
import requests

import kontaktdata_support as ks

pytestmark = pytest.mark.raw_http

MAX_REQUEST_BYTES = int(os.environ.get("KONTAKTDATA_E2E_MAX_REQUEST_BYTES", 8 * 1024 * 1024))

laes_envelope = ks.laes_envelope


def expect_fault(response, code="UGYLDIG_FORESPOERGSEL"):
    assert response.status_code == 500, "expected HTTP 500 with a SOAP fault, got %s: %r" % (
        response.status_code, response.content[:300])
    ctype = response.headers.get("Content-Type", "")
    assert ctype.startswith("text/xml"), "a SOAP 1.1 fault is text/xml, got %r" % ctype
    return ks.FaultInfo(ks.parse_xml(response.content)).check(code)


def expect_alive(post_raw):
    """The server still answers a good request normally (here: PART_FINDES_IKKE for a fresh part)."""
    expect_fault(post_raw(laes_envelope()), "PART_FINDES_IKKE")


def test_a_good_raw_request_is_answered(post_raw):
    """The raw envelope of this module is right: a fresh person is simply unknown."""
    expect_alive(post_raw)


# --- not well-formed -----------------------------------------------------------------------------

def _cut_inside_the_request():
    body = laes_envelope()
    return body[:body.index(b"<invctx:UserSystemUUID>") + 10]


MALFORMED = {
    "unclosed": laes_envelope().replace(b"</soapenv:Envelope>", b""),
    "mismatched-tag": laes_envelope().replace(b"</kd:Part>", b"</kd:Parti>"),
    "truncated": _cut_inside_the_request(),
    "not-xml": b"this is not XML at all",
    "empty": b"",
    "two-roots": laes_envelope() + b"<x/>",
    # Bytes that are not UTF-8 (FF FE) inside a value.
    "bad-utf8": laes_envelope(cpr="0101709999").replace(b"0101709999", b"01017\xff\xfe123"),
}
# Cases that a parser which is not a full XML parser may let through (gSOAP stops reading at the
# end of the root element and passes string bytes on): the contract still says
# UGYLDIG_FORESPOERGSEL ("not well-formed"). See FULL_VALIDATION below.
MALFORMED_FULL_VALIDATION = {"two-roots", "bad-utf8"}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.full_validation) if n in MALFORMED_FULL_VALIDATION else n
    for n in sorted(MALFORMED)])
def test_malformed_xml_is_ugyldig_forespoergsel(name, post_raw):
    expect_fault(post_raw(MALFORMED[name]))
    expect_alive(post_raw)


# --- not valid against the XSD -------------------------------------------------------------------

def test_value_longer_than_its_xsd_max_length_is_ugyldig_forespoergsel(post_raw):
    """An 11-character CPRNummer: too long for the XSD, so UGYLDIG_FORESPOERGSEL (not UGYLDIG_CPR)."""
    expect_fault(post_raw(laes_envelope(part="<kd:CPRNummer>01017012345</kd:CPRNummer>")))


@pytest.mark.full_validation
def test_municipality_cvr_breaking_the_xsd_pattern_is_ugyldig_forespoergsel(post_raw):
    """AuthorityContext_1.xsd's CVRNumber is a pattern of 8 digits (as the Serviceplatform's)."""
    body = laes_envelope().replace(b"<autctx:MunicipalityCVR>55133018<",
                                   b"<autctx:MunicipalityCVR>5513301x<")
    expect_fault(post_raw(body))


INVALID_FILES = sorted(ks.INVALID_DIR.glob("*.xml"))
# Invalid files that only a validating parser refuses: gSOAP's generated deserializers accept a
# sequence's elements in any order and never check xs:pattern (TOOLCHAIN.md), so a server without
# full XSD validation (e.g. Xerces) answers these with a later error or none. The contract says
# "not valid against the XSD" is UGYLDIG_FORESPOERGSEL, so the tests expect that; the marker
# `full_validation` lets a run select them (-m full_validation) or leave them out
# (-m "not full_validation") while that is decided.
FULL_VALIDATION = {"wrong-element-order.xml", "wrong-element-order-kontaktdata.xml",
                   "uppercase-usersystemuuid.xml"}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.full_validation, id=p.name) if p.name in FULL_VALIDATION
    else pytest.param(p, id=p.name) for p in INVALID_FILES])
def test_every_invalid_golden_file_is_ugyldig_forespoergsel(path, post_raw):
    """The files of tests/data/invalid/ fail XSD validation (the contract tier proves it): the
    server must answer each UGYLDIG_FORESPOERGSEL, as the contract says for "not valid against the
    XSD" (wrong order, unknown or unqualified element, too long, wrong type, broken pattern)."""
    operation = ks.body_child(ks.parse_xml(path.read_bytes())).tag.rpartition("}")[2][:-len("Request")]
    expect_fault(post_raw(path.read_bytes(), operation))


def test_unknown_request_element_is_ugyldig_forespoergsel(post_raw):
    body = laes_envelope().replace(b"kd:LaesRequest>", b"kd:SkrivRequest>")
    expect_fault(post_raw(body))


# --- DOCTYPE: never processed, refused outright --------------------------------------------------

DOCTYPES = ks.DOCTYPES


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_is_ugyldig_forespoergsel(name, post_raw):
    part = {"billion-laughs": "<kd:CPRNummer>&lol3;</kd:CPRNummer>",
            "external-entity": "<kd:CPRNummer>&xxe;</kd:CPRNummer>",
            "internal-subset": "<kd:CPRNummer>&navn;</kd:CPRNummer>"}.get(name)
    response = post_raw(laes_envelope(doctype=DOCTYPES[name], part=part))
    assert b"root:" not in response.content
    expect_fault(response)
    expect_alive(post_raw)


# --- too deep ------------------------------------------------------------------------------------

def test_deeply_nested_request_is_ugyldig_forespoergsel(post_raw):
    depth = 10000
    part = "<kd:x>" * depth + "</kd:x>" * depth
    expect_fault(post_raw(laes_envelope(part=part)))
    expect_alive(post_raw)


# --- size ----------------------------------------------------------------------------------------

def test_request_below_the_size_limit_is_read(post_raw):
    """A valid Laes padded with whitespace to 7/8 of the limit is answered as any Laes."""
    body = laes_envelope(padding=" " * (MAX_REQUEST_BYTES * 7 // 8))
    assert len(body) < MAX_REQUEST_BYTES
    expect_fault(post_raw(body), "PART_FINDES_IKKE")


def test_request_above_the_size_limit_is_refused(post_raw):
    """A valid Laes padded with whitespace to the limit + 1/8 + 1 MiB (9 MiB + 1 MiB for 8 MiB)."""
    body = laes_envelope(padding=" " * (MAX_REQUEST_BYTES + MAX_REQUEST_BYTES // 8 + 1024 * 1024))
    try:
        response = post_raw(body)
    except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
        outcome = "connection closed"
    else:
        if response.status_code == 413:
            outcome = "HTTP 413"
        else:
            expect_fault(response)
            outcome = "UGYLDIG_FORESPOERGSEL"
    assert outcome
    expect_alive(post_raw)


# --- compressed bodies ---------------------------------------------------------------------------
# gSOAP would inflate a body sent with Content-Encoding gzip or deflate, past the DOCTYPE pre-scan,
# the Content-Length limit and the schema validation (which all see the bytes as sent). The service
# takes no compressed requests: any Content-Encoding but identity is refused before the body is
# read.

def _gzip_bomb():
    """A valid Laes padded with 100 MiB of spaces, gzip-compressed to about 100 KB."""
    return gzip.compress(laes_envelope(padding=" " * (100 * 1024 * 1024)), 9)


COMPRESSED = {
    "gzip-valid": lambda: ("gzip", gzip.compress(laes_envelope())),
    "gzip-doctype": lambda: ("gzip", gzip.compress(laes_envelope(
        doctype=DOCTYPES["external-entity"], part="<kd:CPRNummer>&xxe;</kd:CPRNummer>"))),
    "deflate-valid": lambda: ("deflate", zlib.compress(laes_envelope())),
    "unknown-encoding": lambda: ("br", laes_envelope()),
}


@pytest.mark.parametrize("name", sorted(COMPRESSED))
def test_compressed_request_is_ugyldig_forespoergsel(name, post_raw):
    encoding, body = COMPRESSED[name]()
    response = post_raw(body, headers={"Content-Encoding": encoding})
    assert b"root:" not in response.content
    expect_fault(response)
    expect_alive(post_raw)


def test_gzip_bomb_is_refused(post_raw):
    """100 MiB inflated from 100 KB: refused without inflating it (the server may close the
    connection before reading the whole body, as for an oversize request)."""
    body = _gzip_bomb()
    assert len(body) < 1024 * 1024
    try:
        response = post_raw(body, headers={"Content-Encoding": "gzip"})
    except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
        pass
    else:
        expect_fault(response)
    expect_alive(post_raw)


def test_identity_content_encoding_is_read(post_raw):
    """Content-Encoding identity is no compression: answered as any Laes."""
    expect_fault(post_raw(laes_envelope(), headers={"Content-Encoding": "identity"}),
                 "PART_FINDES_IKKE")


# --- the golden requests that only read ----------------------------------------------------------

READ_ONLY = ["laes", "list", "hentkontaktanvisning", "laesopgavesprog", "listhaendelser", "listadgangslog"]
# The faults a read-only golden request may get: Laes answers PART_FINDES_IKKE until
# opret-request.xml (the same demo part) has been sent. Every other read answers normally
# (ListAdgangslog of a part never seen answers no lines, not PART_FINDES_IKKE; HentKontaktanvisning
# answers every demo party, with or without stored data).
ALLOWED_FAULTS = {"laes": {"PART_FINDES_IKKE"}}


@pytest.mark.parametrize("name", READ_ONLY)
def test_golden_read_request_gets_a_valid_answer(name, post_raw):
    """The read-only golden requests of tests/data/, sent as they are (as the README's curl does):
    the answer is a response valid against the XSD, or one of the faults in ALLOWED_FAULTS (with a
    valid ServiceplatformFault)."""
    path = ks.DATA_DIR / ("%s-request.xml" % name)
    operation = next(op for op in ks.OPERATIONS if op.lower() == name)
    response = post_raw(path.read_bytes(), operation)
    envelope = ks.check_response_envelope(response.content, operation)
    child = ks.body_child(envelope)
    if child.tag == "{%s}Fault" % ks.NS_SOAPENV:
        assert response.status_code == 500
        info = ks.FaultInfo(envelope)
        assert set(info.codes) <= ALLOWED_FAULTS.get(name, set()), info
    else:
        assert response.status_code == 200
