"""ListHaendelser, the change feed: the municipality's events in Sekvensnummer order.
FraSekvensnummer is inclusive; NaesteSekvensnummer is the last returned number + 1, or
FraSekvensnummer when the page is empty; MaksAntal at most 1000, default 100 (MaksAntal is an
xsd:int, so 1001 is valid against the XSD and the service's rule answers it UGYLDIG_VAERDI; a
sequence number is >= 0, so a negative FraSekvensnummer is UGYLDIG_VAERDI too). Each
municipality has its own feed. (The fixture `feed` checks the paging rules on every page it reads;
that numbers follow commit order under concurrent writers is the store tier's test.)
"""

import datetime

import pytest

import kontaktdata_support as ks


def _steps(soap, ctx, part, kontaktdata):
    """Opret, Ret, Passiver: three events."""
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Ret", **ctx, Kontaktdata=dict(kontaktdata.full(part), Version=1))
    soap.call("Passiver", **ctx, Part=part, Version=2)


def test_events_carry_number_time_part_type_and_version(soap, ctx, feed, new_company, kontaktdata):
    part = new_company()
    start = feed.head()
    before = datetime.datetime.now(datetime.timezone.utc)
    _steps(soap, ctx, part, kontaktdata)
    events = feed.since(start, part)
    assert [(e.Haendelsestype, e.Version) for e in events] == \
        [("OPRETTET", 1), ("RETTET", 2), ("PASSIVERET", 3)]
    assert all(e.Sekvensnummer >= start for e in events)
    assert all(ks.same_part(e.Part, part) for e in events)
    after = datetime.datetime.now(datetime.timezone.utc)
    slack = datetime.timedelta(minutes=5)  # the server's clock may differ a little
    for e in events:
        assert before - slack <= ks.instant(e.Tidspunkt) <= after + slack
    # The raw Tidspunkt has a zone.
    events_raw, _ = feed.page(events[0].Sekvensnummer, 1)
    raw = ks.body_child(ks.parse_xml(soap.last.response_body)).findtext(
        "kd:Haendelse/kd:Tidspunkt", namespaces=ks.NSMAP)
    assert raw and ks.DATETIME_WITH_ZONE_RE.match(raw), raw
    assert events_raw[0].Sekvensnummer == events[0].Sekvensnummer


def test_feed_paging(soap, ctx, feed, new_person, kontaktdata):
    part = new_person()
    start = feed.head()
    _steps(soap, ctx, part, kontaktdata)
    # Page by two from the start: NaesteSekvensnummer leads on without gaps or repeats.
    seen, fra = [], start
    for _ in range(100):
        events, naeste = feed.page(fra, 2)
        if not events:
            assert naeste == fra
            break
        assert len(events) <= 2
        seen.extend(events)
        fra = naeste
    mine = [(e.Haendelsestype, e.Version) for e in seen if ks.same_part(e.Part, part)]
    assert mine == [("OPRETTET", 1), ("RETTET", 2), ("PASSIVERET", 3)], "paging lost an event"
    numbers = [e.Sekvensnummer for e in seen]
    assert len(numbers) == len(set(numbers)), "paging repeated an event"
    # FraSekvensnummer is inclusive: a page from an event's own number starts with it.
    first = next(e for e in seen if ks.same_part(e.Part, part))
    events, _ = feed.page(first.Sekvensnummer, 1)
    assert [(e.Sekvensnummer, e.Haendelsestype) for e in events] == [(first.Sekvensnummer, "OPRETTET")]


def test_an_empty_page_answers_fra_sekvensnummer(feed):
    head = feed.head()
    for fra in (head, head + 1, head + 1_000_000):
        events, naeste = feed.page(fra, 10)
        assert events == [] and naeste == fra


def test_maks_antal_defaults_to_100_and_1000_is_accepted(soap, ctx, feed, fresh_persons,
                                                        kontaktdata):
    parts = fresh_persons(150)
    start = feed.head()
    results = soap.call("Importer", **ctx, Kontaktdata=[kontaktdata.minimal(p) for p in parts])
    assert {r.Status for r in results} == {"OPRETTET"}
    events, naeste = feed.page(start)  # no MaksAntal
    assert len(events) == 100, "MaksAntal defaults to 100"
    assert naeste == events[-1].Sekvensnummer + 1
    events, _ = feed.page(start, 1000)
    keys = {ks.part_key_of(p) for p in parts}
    assert len([e for e in events if ks.part_key_of(e.Part) in keys]) == 150
    assert len(events) <= 1000


@pytest.mark.parametrize("maks", [1001, 2_000_000_000, -1], ids=["1001", "2e9", "negative"])
def test_maks_antal_out_of_range_is_ugyldig_vaerdi(maks, soap, ctx):
    info = soap.fault("ListHaendelser", "UGYLDIG_VAERDI", **ctx, FraSekvensnummer=0, MaksAntal=maks)
    assert "MaksAntal" in info.text_of("UGYLDIG_VAERDI")


def test_negative_fra_sekvensnummer_is_ugyldig_vaerdi(soap, ctx):
    info = soap.fault("ListHaendelser", "UGYLDIG_VAERDI", **ctx, FraSekvensnummer=-1)
    assert "FraSekvensnummer" in info.text_of("UGYLDIG_VAERDI")


def test_each_municipality_has_its_own_feed(soap, context_for, feed, new_person, kontaktdata):
    """København never sees Aarhus's events and the other way round, also for a part both hold."""
    only_aarhus, only_kbh, both = new_person(), new_person(), new_person()
    aarhus, kbh = context_for(municipality=ks.AARHUS), context_for(municipality=ks.KOEBENHAVN)
    start_aarhus, start_kbh = feed.head(ks.AARHUS), feed.head(ks.KOEBENHAVN)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.minimal(only_aarhus))
    soap.call("Opret", **kbh, Kontaktdata=kontaktdata.minimal(only_kbh))
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.minimal(both))
    soap.call("Opret", **kbh, Kontaktdata=kontaktdata.minimal(both))
    soap.call("Ret", **aarhus, Kontaktdata=dict(kontaktdata.full(both), Version=1))
    soap.call("Slet", **kbh, Part=both)

    def mine(municipality, start):
        return {(ks.part_key_of(e.Part), e.Haendelsestype, e.Version)
                for e in feed.since(start, municipality=municipality)
                if ks.part_key_of(e.Part) in {ks.part_key_of(p) for p in (only_aarhus, only_kbh, both)}}

    key = ks.part_key_of
    assert mine(ks.AARHUS, start_aarhus) == {(key(only_aarhus), "OPRETTET", 1),
                                             (key(both), "OPRETTET", 1), (key(both), "RETTET", 2)}
    assert mine(ks.KOEBENHAVN, start_kbh) == {(key(only_kbh), "OPRETTET", 1),
                                              (key(both), "OPRETTET", 1), (key(both), "SLETTET", 1)}
