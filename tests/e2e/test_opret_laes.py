"""Opret then Laes through zeep: what is stored comes back.

Parts are SYNTHETIC: a fresh valid CPR/CVR number per test (kontaktdata_support.synthetic_cpr and
synthetic_cvr), so that reruns against the same database do not collide.
"""

import datetime

import pytest

import kontaktdata_support as ks
from kontaktdata_support import actual_from_response, expected_from_request
from kontaktdata_support import instant as _instant
from kontaktdata_support import plain as _plain


def _raw_registrering_tidspunkt(exchange):
    body = ks.body_child(ks.parse_xml(exchange.response_body))
    return body.findtext("kd:Kontaktdata/kd:Registrering/kd:Tidspunkt", namespaces=ks.NSMAP)


def check_registrering(soap, kd, user_uuid, note, user_system=ks.DEMO_ESDH, livscyklus="OPSTAAET"):
    reg = kd.Registrering
    assert reg is not None, "Laes always gives Registrering"
    assert reg.Livscyklus == livscyklus
    assert reg.UserSystemUUID == user_system
    assert reg.UserUUID == user_uuid
    assert reg.Note == note
    raw = _raw_registrering_tidspunkt(soap.last)
    assert raw and ks.DATETIME_WITH_ZONE_RE.match(raw), "Registrering/Tidspunkt %r has no zone" % raw
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs(_instant(reg.Tidspunkt) - now) < datetime.timedelta(minutes=10), \
        "Registrering/Tidspunkt %s is not now (%s)" % (reg.Tidspunkt, now)


@pytest.mark.parametrize("kind", ["person", "company"])
def test_opret_then_laes_returns_what_was_stored(kind, soap, ctx, user_uuid, new_person,
                                                 new_company, kontaktdata):
    part = new_person() if kind == "person" else new_company()
    data = kontaktdata.full(part)
    note = "e2e: oprettet af testen (%s)" % kind

    response = soap.call("Opret", **ctx, Kontaktdata=data, Note=note)
    assert _plain(response.Part) == {"CPRNummer": part.get("CPRNummer"), "CVRNummer": part.get("CVRNummer")}
    assert response.Version == 1

    kd = soap.call("Laes", **ctx, Part=part)
    assert kd.Version == 1

    # The address sent without AdresseID got one: a lower-case UUID of its own.
    given_ids = {a["AdresseID"] for a in data["Kontaktadresse"] if "AdresseID" in a}
    generated = [a.AdresseID for a in kd.Kontaktadresse if a.Email == "uden-id@example.dk"]
    assert len(generated) == 1, "the address sent without AdresseID is not in Laes"
    assert generated[0] and ks.UUID_RE.match(generated[0]), "generated AdresseID %r" % generated[0]
    assert generated[0] not in given_ids
    assert len({a.AdresseID for a in kd.Kontaktadresse}) == len(kd.Kontaktadresse), "AdresseIDs unique"

    # A bare 8-digit mobile number is Danish and comes back as +45...
    assert [a.Mobilnummer for a in kd.Kontaktadresse if a.Adressetype == "MOBILTELEFON"] == ["+4520123456"]

    expected = expected_from_request(data)
    actual = actual_from_response(kd, drop_generated_ids=set(generated))
    assert actual["Part"] == expected["Part"]
    assert actual["Kontaktadresse"] == expected["Kontaktadresse"]
    assert actual["Kontaktkanal"] == expected["Kontaktkanal"]
    assert actual["Kontaktform"] == expected["Kontaktform"]

    check_registrering(soap, kd, user_uuid, note)


def test_opret_with_only_a_part_and_laes(soap, ctx, user_uuid, new_person):
    part = new_person()
    response = soap.call("Opret", **ctx, Kontaktdata={"Part": part})
    assert response.Version == 1
    kd = soap.call("Laes", **ctx, Part=part)
    assert kd.Part.CPRNummer == part["CPRNummer"]
    assert kd.Version == 1
    assert not kd.Kontaktadresse and not kd.Kontaktkanal and not kd.Kontaktform
    check_registrering(soap, kd, user_uuid, note=None)


def test_opret_ignores_version_and_registrering_in_input(soap, ctx, user_uuid, new_company, kontaktdata):
    part = new_company()
    data = kontaktdata.minimal(part)
    data["Version"] = 7
    data["Registrering"] = {
        "Tidspunkt": datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc),
        "Livscyklus": "PASSIVERET",
        "UserSystemUUID": ks.DEMO_FAGSYSTEM,
        "UserUUID": "00000000-0000-4000-8000-000000000000",
        "Note": "skal ignoreres",
    }
    response = soap.call("Opret", **ctx, Kontaktdata=data)
    assert response.Version == 1
    kd = soap.call("Laes", **ctx, Part=part)
    assert kd.Version == 1
    check_registrering(soap, kd, user_uuid, note=None)


def test_laes_without_call_context(soap, context_for, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **context_for(call_context=False), Kontaktdata=kontaktdata.minimal(part))
    kd = soap.call("Laes", **context_for(call_context=False), Part=part)
    assert kd.Part.CPRNummer == part["CPRNummer"]


def test_demo_fagsystem_may_read_in_aarhus(soap, ctx, context_for, new_company, kontaktdata):
    part = new_company()
    data = kontaktdata.full(part)
    soap.call("Opret", **ctx, Kontaktdata=data)
    kd = soap.call("Laes", **context_for(user_system=ks.DEMO_FAGSYSTEM), Part=part)
    assert kd.Part.CVRNummer == part["CVRNummer"]
    assert kd.Version == 1
    # A company has no CPR address protection: the fagsystem sees the same addresses.
    generated = {a.AdresseID for a in kd.Kontaktadresse if a.Email == "uden-id@example.dk"}
    assert actual_from_response(kd, generated)["Kontaktadresse"] == \
        expected_from_request(data)["Kontaktadresse"]


def test_municipalities_never_share_contact_data(soap, context_for, new_person, kontaktdata):
    part = new_person()
    aarhus, kbh = context_for(municipality=ks.AARHUS), context_for(municipality=ks.KOEBENHAVN)
    aarhus_data = kontaktdata.minimal(part)
    soap.call("Opret", **aarhus, Kontaktdata=aarhus_data)
    # København holds nothing for the part ...
    soap.fault("Laes", "PART_FINDES_IKKE", **kbh, Part=part)
    # ... and may create its own contact data for it, version 1, without touching Aarhus's.
    kbh_data = {"Part": part, "Kontaktadresse": [{"Adressetype": "EMAIL", "Email": "kbh@example.dk"}]}
    assert soap.call("Opret", **kbh, Kontaktdata=kbh_data).Version == 1
    kd_kbh = soap.call("Laes", **kbh, Part=part)
    assert [a.Email for a in kd_kbh.Kontaktadresse] == ["kbh@example.dk"]
    assert not kd_kbh.Kontaktkanal
    kd_aarhus = soap.call("Laes", **aarhus, Part=part)
    assert [a.AdresseID for a in kd_aarhus.Kontaktadresse] == \
        [aarhus_data["Kontaktadresse"][0]["AdresseID"]]


def test_demo_fagsystem_gets_an_unprotected_persons_postal_addresses(soap, ctx, context_for,
                                                                     new_person, kontaktdata):
    """A system that may not see protected addresses gets a person's postal addresses in full when
    no protection is in force: the synthetic person is unknown to CPR, and an unknown number
    carries no protection. (A protected person, and CPR not answering: test_adressebeskyttelse.py
    and test_register_udfald.py.)"""
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    stored = soap.call("Laes", **ctx, Part=part)
    seen = soap.call("Laes", **context_for(user_system=ks.DEMO_FAGSYSTEM), Part=part)
    assert [a for a in stored.Kontaktadresse if a.Adressetype == "POSTADRESSE"], \
        "the full test data has postal addresses"
    assert ks.whole_answer(seen) == ks.whole_answer(stored)
    assert not any(a.Tilbageholdt for a in seen.Kontaktadresse)


def test_languages_are_stored_in_canonical_form(soap, ctx, new_person):
    """Sprog and Tolkesprog are ISO 639 codes checked against iso-codes and stored in canonical
    form: the 639-1 code where the language has one (dan -> da, eng -> en), else the 639-3 code
    (dsl, Danish Sign Language, has no 639-1 code and is kept)."""
    part = new_person()
    data = {"Part": part, "Kontaktform": [
        {"Sprog": "dan", "Tolkebehov": True, "Tolkesprog": "dsl", "Prioritet": 1},
        {"Sprog": "eng", "Tolkebehov": True, "Tolkesprog": "dan", "Prioritet": 2},
        {"Sprog": "dsl", "Sagsomraade": "32.18", "Prioritet": 1},
        {"Sprog": "en", "Sagsomraade": "27.24", "Prioritet": 1},
    ]}
    assert soap.call("Opret", **ctx, Kontaktdata=data).Version == 1
    kd = soap.call("Laes", **ctx, Part=part)
    got = sorted((f.Sagsomraade or "", f.Prioritet, f.Sprog, f.Tolkesprog) for f in kd.Kontaktform)
    assert got == [("", 1, "da", "dsl"), ("", 2, "en", "da"), ("27.24", 1, "en", None),
                   ("32.18", 1, "dsl", None)]
