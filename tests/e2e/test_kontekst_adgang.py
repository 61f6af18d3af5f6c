"""The context and access checks, and schema errors, for EVERY operation (test_faults.py holds the
same checks for Laes and Opret, written for the walking skeleton).

Each operation checks, before anything else and in this order: the context is there
(MANGLENDE_KONTEKST), MunicipalityCVR is a valid CVR number (UGYLDIG_CVR), the calling system may
use the operation in that municipality (ADGANG_NAEGTET). A request that is not valid against the
XSD never gets that far (UGYLDIG_FORESPOERGSEL). The grants are those of the demo data
(deploy/demo-data.sql): the Demo ESDH system may use every operation in Aarhus (55133018) and
København (64942212); the Demo fagsystem only HentKontaktanvisning, Laes and List, and only in
Aarhus.
"""

import uuid

import pytest

import kontaktdata_support as ks
from kontaktdata_support import expect_fault_response

ALL = ks.OPERATIONS
NOT_LAES_OPRET = tuple(op for op in ALL if op not in ("Laes", "Opret"))
NOT_LAES = tuple(op for op in ALL if op != "Laes")
FAGSYSTEM_GRANTED = ("HentKontaktanvisning", "Laes", "List")
FAGSYSTEM_REFUSED = tuple(op for op in ALL if op not in FAGSYSTEM_GRANTED)


@pytest.mark.parametrize("missing", ["AuthorityContext", "InvocationContext", "both"])
@pytest.mark.parametrize("operation", NOT_LAES_OPRET)
def test_missing_context_is_manglende_kontekst(operation, missing, soap, context_for, new_person,
                                               request_for):
    context = context_for(authority=missing == "InvocationContext",
                          invocation=missing == "AuthorityContext")
    soap.fault(operation, "MANGLENDE_KONTEKST", **context, **request_for(operation, new_person()))


@pytest.mark.parametrize("operation", NOT_LAES)
def test_invalid_municipality_cvr_is_ugyldig_cvr(operation, soap, context_for, new_person,
                                                 request_for):
    info = soap.fault(operation, "UGYLDIG_CVR", **context_for(municipality="12345678"),
                      **request_for(operation, new_person()))
    assert "MunicipalityCVR" in info.text_of("UGYLDIG_CVR")


@pytest.mark.parametrize("operation", NOT_LAES)
def test_unknown_user_system_is_adgang_naegtet(operation, soap, context_for, new_person,
                                               request_for):
    soap.fault(operation, "ADGANG_NAEGTET", **context_for(user_system=str(uuid.uuid4())),
               **request_for(operation, new_person()))


@pytest.mark.parametrize("operation", NOT_LAES)
def test_a_valid_cvr_that_is_no_granted_municipality_is_adgang_naegtet(
        operation, soap, context_for, new_person, request_for):
    # 12345674 is the demo company: a valid CVR number, but no municipality of the demo grants.
    soap.fault(operation, "ADGANG_NAEGTET", **context_for(municipality="12345674"),
               **request_for(operation, new_person()))


@pytest.mark.parametrize("operation", FAGSYSTEM_REFUSED)
def test_demo_fagsystem_may_not_use_the_operation_in_aarhus(operation, soap, context_for,
                                                            new_person, request_for):
    soap.fault(operation, "ADGANG_NAEGTET", **context_for(user_system=ks.DEMO_FAGSYSTEM),
               **request_for(operation, new_person()))


@pytest.mark.parametrize("operation", NOT_LAES)
def test_demo_fagsystem_may_use_nothing_in_koebenhavn(operation, soap, context_for, new_person,
                                                      request_for):
    soap.fault(operation, "ADGANG_NAEGTET",
               **context_for(user_system=ks.DEMO_FAGSYSTEM, municipality=ks.KOEBENHAVN),
               **request_for(operation, new_person()))


def test_demo_fagsystem_may_list_in_aarhus(soap, ctx, context_for, new_company, kontaktdata):
    part = new_company()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    results = soap.call("List", **context_for(user_system=ks.DEMO_FAGSYSTEM), Part=[part])
    assert [r.Status for r in results] == ["FUNDET"]
    assert results[0].Kontaktdata.Version == 1


def test_refused_writes_change_nothing(soap, ctx, context_for, feed, new_person, new_scope,
                                       kontaktdata):
    """A write that ADGANG_NAEGTET refuses leaves the data, the feed and the Opgavesprog rules as
    they were."""
    part = new_person()
    start = feed.head()
    data = kontaktdata.full(part)
    soap.call("Opret", **ctx, Kontaktdata=data)
    before = ks.whole_answer(soap.call("Laes", **ctx, Part=part))

    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    stranger = context_for(user_system=str(uuid.uuid4()))
    for context in (fagsystem, stranger):
        soap.fault("Ret", "ADGANG_NAEGTET", **context,
                   Kontaktdata=dict(kontaktdata.minimal(part), Version=1))
        soap.fault("Passiver", "ADGANG_NAEGTET", **context, Part=part, Version=1)
        soap.fault("Importer", "ADGANG_NAEGTET", **context, Kontaktdata=[kontaktdata.minimal(part)])
        soap.fault("Slet", "ADGANG_NAEGTET", **context, Part=part)
    assert ks.whole_answer(soap.call("Laes", **ctx, Part=part)) == before
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == [("OPRETTET", 1)]

    scope = new_scope()
    soap.fault("RetOpgavesprog", "ADGANG_NAEGTET", **fagsystem, Sagsomraade=scope, Sprog=["en"])
    assert list(soap.call("LaesOpgavesprog", **ctx, Sagsomraade=scope) or []) == []


# --- not valid against the XSD, for every operation ----------------------------------------------

def _broken_golden_request(operation, how):
    """The golden request of `operation` (tests/data/), made invalid against the XSD: an element
    the schema does not know at the end of the request element, or text inside the
    AuthorityContext (element-only content)."""
    path = ks.DATA_DIR / ("%s-request.xml" % operation.lower())
    body = path.read_bytes()
    end = b"</kd:%sRequest>" % operation.encode()
    assert end in body, path
    if how == "unknown-element":
        body = body.replace(end, b"<kd:Ukendt>x</kd:Ukendt>" + end)
    elif how == "text-in-context":
        body = body.replace(b"</autctx:MunicipalityCVR>", b"</autctx:MunicipalityCVR>tekst", 1)
    request = ks.body_child(ks.parse_xml(body))
    assert ks.schema_errors(ks.msg_schema(), request), "the broken %s request is valid" % operation
    return body


@pytest.mark.raw_http
@pytest.mark.parametrize("how", ["unknown-element", "text-in-context"])
@pytest.mark.parametrize("operation", ALL)
def test_request_not_valid_against_the_xsd_is_ugyldig_forespoergsel(operation, how, post_raw):
    expect_fault_response(post_raw(_broken_golden_request(operation, how), operation),
                          "UGYLDIG_FORESPOERGSEL")
