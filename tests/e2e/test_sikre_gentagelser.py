"""Safe retries: a write carrying a CallersServiceCallIdentifier that the same calling system already
used (within the window, 24 h by default) answers the original result without applying again.

Every other e2e test sends a fresh identifier on every call (conftest.make_context); these send
one twice on purpose (make_context(call_id=...)), unique to the test so that reruns never meet an
earlier run's keys.

Only the Demo ESDH system may write, so that the same identifier from ANOTHER calling system is
independent (a key is per calling system) cannot be shown through the demo grants: the store
tier tests it. Here the independence is shown for a second identifier of the same system.
"""

import uuid

import pytest

import kontaktdata_support as ks


def _key():
    return "e2e-retry-" + uuid.uuid4().hex


def test_opret_retried_gets_its_original_answer_and_applies_once(soap, context_for, feed,
                                                                 new_person, kontaktdata):
    part = new_person()
    start = feed.head()
    retry = context_for(call_id=_key())
    data = kontaktdata.full(part)
    first = soap.call("Opret", **retry, Kontaktdata=data)
    again = soap.call("Opret", **retry, Kontaktdata=data)
    assert (first.Version, ks.part_key_of(first.Part)) == (1, ks.part_key_of(part))
    assert (again.Version, ks.part_key_of(again.Part)) == (1, ks.part_key_of(part)), \
        "a retried Opret must get its original answer, not PART_FINDES_ALLEREDE"
    assert soap.call("Laes", **context_for(), Part=part).Version == 1
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == [("OPRETTET", 1)]


def test_another_identifier_is_another_call(soap, context_for, feed, new_person, kontaktdata):
    part = new_person()
    start = feed.head()
    data = kontaktdata.minimal(part)
    assert soap.call("Opret", **context_for(call_id=_key()), Kontaktdata=data).Version == 1
    soap.fault("Opret", "PART_FINDES_ALLEREDE", **context_for(call_id=_key()), Kontaktdata=data)
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == [("OPRETTET", 1)]


def test_ret_retried_gets_its_original_answer_and_applies_once(soap, context_for, feed, new_person,
                                                               kontaktdata):
    part = new_person()
    start = feed.head()
    soap.call("Opret", **context_for(), Kontaktdata=kontaktdata.minimal(part))
    retry = context_for(call_id=_key())
    change = dict(kontaktdata.full(part), Version=1)
    assert soap.call("Ret", **retry, Kontaktdata=change).Version == 2
    again = soap.call("Ret", **retry, Kontaktdata=change)
    assert again.Version == 2, "a retried Ret must get its original answer, not VERSIONSKONFLIKT"
    assert soap.call("Laes", **context_for(), Part=part).Version == 2
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("RETTET", 2)]
    # A new call with the same (now stale) version is refused as usual.
    soap.fault("Ret", "VERSIONSKONFLIKT", **context_for(call_id=_key()), Kontaktdata=change)


def test_passiver_retried_gets_its_original_answer_and_applies_once(soap, context_for, feed,
                                                                    new_company, kontaktdata):
    part = new_company()
    start = feed.head()
    soap.call("Opret", **context_for(), Kontaktdata=kontaktdata.minimal(part))
    retry = context_for(call_id=_key())
    assert soap.call("Passiver", **retry, Part=part, Version=1).Version == 2
    assert soap.call("Passiver", **retry, Part=part, Version=1).Version == 2
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("PASSIVERET", 2)]


def test_slet_retried_gets_its_original_answer_and_applies_once(soap, context_for, feed, new_person,
                                                                kontaktdata):
    part = new_person()
    start = feed.head()
    soap.call("Opret", **context_for(), Kontaktdata=kontaktdata.minimal(part))
    retry = context_for(call_id=_key())
    assert ks.same_part(soap.call("Slet", **retry, Part=part), part)
    assert ks.same_part(soap.call("Slet", **retry, Part=part), part), \
        "a retried Slet must get its original answer, not PART_FINDES_IKKE"
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("SLETTET", 1)]


def test_importer_retried_gets_its_original_answer_and_applies_once(soap, context_for, feed,
                                                                    fresh_persons, kontaktdata):
    parts = fresh_persons(3)
    start = feed.head()
    retry = context_for(call_id=_key())
    items = [kontaktdata.minimal(p) for p in parts]
    first = soap.call("Importer", **retry, Kontaktdata=items)
    again = soap.call("Importer", **retry, Kontaktdata=items)
    assert [(r.Status, r.Version) for r in first] == [("OPRETTET", 1)] * 3
    assert [(r.Status, r.Version) for r in again] == [("OPRETTET", 1)] * 3, \
        "a retried Importer must get its original answer (not RETTET, Version 2)"
    for part in parts:
        assert len(feed.since(start, part)) == 1


@pytest.mark.parametrize("municipality", [ks.AARHUS, ks.KOEBENHAVN])
def test_a_retry_answers_in_its_own_municipality(municipality, soap, context_for, new_person,
                                                 kontaktdata):
    """The identifier is used in one municipality; the retry there gets the original answer."""
    part = new_person()
    retry = context_for(municipality=municipality, call_id=_key())
    data = kontaktdata.minimal(part)
    assert soap.call("Opret", **retry, Kontaktdata=data).Version == 1
    assert soap.call("Opret", **retry, Kontaktdata=data).Version == 1
    soap.fault("Laes", "PART_FINDES_IKKE",
               **context_for(municipality=ks.KOEBENHAVN if municipality == ks.AARHUS else ks.AARHUS),
               Part=part)
