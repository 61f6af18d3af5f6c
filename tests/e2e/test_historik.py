"""Laes with Registreringstidspunkt: the registration in force at that instant (registered at or
before it and not superseded before it). Times carry microseconds, so the Tidspunkt a registration
answers can be given back exactly, and one microsecond before it is the previous registration.
Slet erases the history's values too.
"""

import datetime

import pytest

import kontaktdata_support as ks

US = datetime.timedelta(microseconds=1)


def _laes_at(soap, ctx, part, t):
    return soap.call("Laes", **ctx, Part=part, Registreringstidspunkt=t)


def _history(soap, ctx, part, kontaktdata):
    """Creates a part and changes it twice; returns [(Laes answer, its Registrering/Tidspunkt)]
    for versions 1, 2, 3."""
    versions = []
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part), Note="v1")
    kd = soap.call("Laes", **ctx, Part=part)
    versions.append((kd, kd.Registrering.Tidspunkt))
    for n, data in ((1, kontaktdata.minimal(part)), (2, {"Part": part})):
        answer = soap.call("Ret", **ctx, Kontaktdata=dict(data, Version=n), Note="v%d" % (n + 1))
        assert answer.Version == n + 1
        kd = soap.call("Laes", **ctx, Part=part)
        versions.append((kd, kd.Registrering.Tidspunkt))
    return versions


def test_laes_at_an_earlier_instant_answers_the_registration_then(soap, ctx, new_person,
                                                                  kontaktdata):
    part = new_person()
    (kd1, t1), (kd2, t2), (kd3, t3) = _history(soap, ctx, part, kontaktdata)
    assert ks.instant(t1) < ks.instant(t2) < ks.instant(t3)
    for t, expected in ((t1, kd1), (t2 - US, kd1), (t2, kd2), (t3 - US, kd2), (t3, kd3),
                        (t3 + datetime.timedelta(hours=1), kd3)):
        got = _laes_at(soap, ctx, part, t)
        assert ks.whole_answer(got) == ks.whole_answer(expected), \
            "Laes at %s answered version %s, expected %s" % (t, got.Version, expected.Version)
    # The same instant in another zone is the same instant.
    in_other_zone = t2.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert _laes_at(soap, ctx, part, in_other_zone).Version == 2
    assert _laes_at(soap, ctx, part, t2.astimezone(datetime.timezone.utc)).Version == 2


def test_laes_before_the_part_existed_is_part_findes_ikke(soap, ctx, new_person, kontaktdata):
    part = new_person()
    (kd1, t1), _, _ = _history(soap, ctx, part, kontaktdata)
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part, Registreringstidspunkt=t1 - US)
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part,
               Registreringstidspunkt=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))


def test_laes_at_an_instant_when_the_part_was_passivated(soap, ctx, new_company, kontaktdata):
    part = new_company()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Passiver", **ctx, Part=part, Version=1, Note="passiveret")
    passivated = soap.call("Laes", **ctx, Part=part)
    t = passivated.Registrering.Tidspunkt
    again = {"Part": part}
    assert soap.call("Opret", **ctx, Kontaktdata=again).Version == 3
    then = _laes_at(soap, ctx, part, t)
    assert ks.whole_answer(then) == ks.whole_answer(passivated)
    assert then.Registrering.Livscyklus == "PASSIVERET" and then.Registrering.Note == "passiveret"
    now = _laes_at(soap, ctx, part, t + datetime.timedelta(hours=1))
    assert now.Version == 3 and now.Registrering.Livscyklus == "OPSTAAET"


def test_slet_erases_the_history(soap, ctx, new_person, kontaktdata):
    part = new_person()
    versions = _history(soap, ctx, part, kontaktdata)
    soap.call("Slet", **ctx, Part=part)
    for _, t in versions:
        soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part, Registreringstidspunkt=t)


def test_laes_at_an_instant_reads_this_municipality_only(soap, context_for, new_person, kontaktdata):
    part = new_person()
    aarhus = context_for(municipality=ks.AARHUS)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.minimal(part))
    t = soap.call("Laes", **aarhus, Part=part).Registrering.Tidspunkt
    soap.fault("Laes", "PART_FINDES_IKKE", **context_for(municipality=ks.KOEBENHAVN), Part=part,
               Registreringstidspunkt=t)


def test_registrering_tidspunkt_carries_microseconds_and_a_zone(soap, ctx, new_person, kontaktdata):
    """Two registrations made in quick succession get distinct instants (times carry
    microseconds) and the raw Tidspunkt has a zone."""
    part = new_person()
    versions = _history(soap, ctx, part, kontaktdata)
    instants = [ks.instant(t) for _, t in versions]
    assert len(set(instants)) == 3
    raw = ks.body_child(ks.parse_xml(soap.last.response_body)).findtext(
        "kd:Kontaktdata/kd:Registrering/kd:Tidspunkt", namespaces=ks.NSMAP)
    assert ks.DATETIME_WITH_ZONE_RE.match(raw), raw


@pytest.mark.parametrize("kind", ["person", "company"])
def test_laes_at_an_instant_of_an_invalid_identifier(kind, soap, ctx):
    part, code = ({"CPRNummer": "3102701234"}, "UGYLDIG_CPR") if kind == "person" else \
        ({"CVRNummer": "12345678"}, "UGYLDIG_CVR")
    soap.fault("Laes", code, **ctx, Part=part,
               Registreringstidspunkt=datetime.datetime.now(datetime.timezone.utc))
