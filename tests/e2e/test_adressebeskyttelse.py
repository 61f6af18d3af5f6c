"""Address protection through every operation that returns addresses (Laes, List,
HentKontaktanvisning), seen by both demo systems (DEMO-DATA.md): the Demo ESDH system may see
protected addresses, the Demo fagsystem may not.

Bo Hansen (0202802345) has CPR's name-and-address protection in force in the simulator's fixture:
no address from CPR ever leaves the service (no RegistreretAdresse, no BREVPOST with Kilde CPR,
warning ADRESSEBESKYTTELSE), and his own stored postal addresses are returned to the ESDH system
only; the fagsystem gets them withheld (Laes/List: Tilbageholdt true, no value) or left out
(HentKontaktanvisning: no stored BREVPOST). A person without protection -- a demo person CPR
knows, or a number CPR does not know -- has his stored postal addresses returned to the fagsystem
in full. Failing closed when CPR does not answer is in test_register_udfald.py.

Bo's stored data is put back as it was after each test (the demo_parts fixture).
"""

import pytest

import kontaktdata_support as ks
from conftest import cpr_part

ANNA, BO, EMIL = ks.DEMO_CPR[0], ks.DEMO_CPR[1], ks.DEMO_CPR[4]
BO_I_CPR = ks.dansk("Nørregade", "5", None, None, "1165", "København K")


def data_with_post_and_email(part, kontaktdata):
    """A stored postal address (BREVPOST for all case areas), an e-mail (EMAIL for all) and a
    second postal address for 32.18 only."""
    ids = {k: kontaktdata.new_id() for k in ("post", "post2", "email")}
    return {
        "Part": part,
        "Kontaktadresse": [
            {"AdresseID": ids["post"], "Adressetype": "POSTADRESSE",
             "Postadresse": kontaktdata.dansk_adresse()},
            {"AdresseID": ids["post2"], "Adressetype": "POSTADRESSE",
             "Postadresse": kontaktdata.dansk_adresse(etage=False)},
            {"AdresseID": ids["email"], "Adressetype": "EMAIL", "Email": "beskyttet@example.dk"},
        ],
        "Kontaktkanal": [
            {"Kanal": "BREVPOST", "AdresseID": ids["post"], "Prioritet": 1},
            {"Kanal": "EMAIL", "AdresseID": ids["email"], "Prioritet": 2},
            {"Kanal": "BREVPOST", "AdresseID": ids["post2"], "Sagsomraade": "32.18", "Prioritet": 1},
        ],
    }, ids


def assert_withheld(kd, ids):
    """Postal addresses without their value and with Tilbageholdt true; the e-mail in full."""
    by_id = {a.AdresseID: a for a in kd.Kontaktadresse}
    assert set(by_id) == set(ids.values()), "every address is listed, withheld or not"
    for key in ("post", "post2"):
        a = by_id[ids[key]]
        assert a.Adressetype == "POSTADRESSE"
        assert a.Tilbageholdt is True and a.Postadresse is None, ks.plain(a)
    assert by_id[ids["email"]].Email == "beskyttet@example.dk"
    assert not by_id[ids["email"]].Tilbageholdt


def assert_in_full(kd, data):
    """Every address as stored, nothing withheld (what actual_from_response asserts)."""
    assert ks.actual_from_response(kd)["Kontaktadresse"] == \
        ks.expected_from_request(data)["Kontaktadresse"]


def test_bo_never_gets_an_address_from_cpr(anvisning, demo_parts, context_for):
    demo_parts.clear(cpr_part(BO))
    for system in (ks.DEMO_ESDH, ks.DEMO_FAGSYSTEM):
        for kwargs in ({}, {"Sagsomraade": "32.18.04"}, {"Fortrolig": True}):
            a = anvisning.one(cpr_part(BO), context=context_for(user_system=system), **kwargs)
            assert a.Status == "KUN_REGISTER"
            assert a.RegistreretAdresse is None
            assert not [k for k in a.Kanal or [] if k.Kilde == "CPR"]
            assert ks.advarsler(a) == ["ADRESSEBESKYTTELSE"]
            assert BO_I_CPR not in [ks.postadresse_key(k.Postadresse) for k in a.Kanal or []]


def test_bo_seen_by_both_demo_systems_through_laes_list_and_hentkontaktanvisning(
        soap, anvisning, demo_parts, context_for, kontaktdata):
    part = cpr_part(BO)
    data, ids = data_with_post_and_email(part, kontaktdata)
    demo_parts.store(data)
    esdh = context_for(user_system=ks.DEMO_ESDH)
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    post = ks.postadresse_key(kontaktdata.dansk_adresse())
    post2 = ks.postadresse_key(kontaktdata.dansk_adresse(etage=False))

    # Laes and List: the ESDH system sees his stored postal addresses, the fagsystem gets them
    # withheld (and everything else as stored).
    assert_in_full(soap.call("Laes", **esdh, Part=part), data)
    assert_in_full(soap.call("List", **esdh, Part=[part])[0].Kontaktdata, data)
    assert_withheld(soap.call("Laes", **fagsystem, Part=part), ids)
    listed = soap.call("List", **fagsystem, Part=[part, cpr_part(EMIL)])
    assert listed[0].Status == "FUNDET"
    assert_withheld(listed[0].Kontaktdata, ids)

    # HentKontaktanvisning: the ESDH system gets the stored BREVPOST with its address; the
    # fagsystem gets it left out. Neither gets anything from CPR.
    a = anvisning.one(part, context=esdh)
    assert ks.kanaler(a) == [("BREVPOST", "KONTAKTDATA", post),
                             ("EMAIL", "KONTAKTDATA", "beskyttet@example.dk")]
    assert a.Kanal[0].AdresseID == ids["post"]
    assert ks.advarsler(a) == ["ADRESSEBESKYTTELSE"] and a.RegistreretAdresse is None
    a = anvisning.one(part, context=fagsystem)
    assert ks.kanaler(a) == [("EMAIL", "KONTAKTDATA", "beskyttet@example.dk")]
    assert ks.advarsler(a) == ["ADRESSEBESKYTTELSE"] and a.RegistreretAdresse is None

    # Case area 32.18: its only channel is a postal one. The ESDH system gets it; for the
    # fagsystem it is dropped before the scope is chosen, so the unscoped channels are used.
    a = anvisning.one(part, context=esdh, Sagsomraade="32.18")
    assert ks.kanaler(a) == [("BREVPOST", "KONTAKTDATA", post2)]
    a = anvisning.one(part, context=fagsystem, Sagsomraade="32.18")
    assert ks.kanaler(a) == [("EMAIL", "KONTAKTDATA", "beskyttet@example.dk")]


@pytest.mark.parametrize("who", ["demo person CPR knows", "number CPR does not know"])
def test_an_unprotected_persons_postal_addresses_reach_the_fagsystem(who, soap, ctx, anvisning,
                                                                     demo_parts, context_for,
                                                                     new_person, kontaktdata):
    """No protection in force (Anna in CPR; a synthetic number CPR does not know carries none):
    the fagsystem gets the stored postal addresses in full through Laes, List and
    HentKontaktanvisning."""
    part = cpr_part(ANNA) if who == "demo person CPR knows" else new_person()
    data, ids = data_with_post_and_email(part, kontaktdata)
    if who == "demo person CPR knows":
        demo_parts.store(data)
    else:
        soap.call("Opret", **ctx, Kontaktdata=data)
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    assert_in_full(soap.call("Laes", **fagsystem, Part=part), data)
    assert_in_full(soap.call("List", **fagsystem, Part=[part])[0].Kontaktdata, data)
    a = anvisning.one(part, context=fagsystem)
    assert ks.kanaler(a)[:2] == [
        ("BREVPOST", "KONTAKTDATA", ks.postadresse_key(kontaktdata.dansk_adresse())),
        ("EMAIL", "KONTAKTDATA", "beskyttet@example.dk")]
    assert "ADRESSEBESKYTTELSE" not in ks.advarsler(a)


def test_a_company_is_never_protected(soap, ctx, context_for, new_company, kontaktdata):
    part = new_company()
    data, _ = data_with_post_and_email(part, kontaktdata)
    soap.call("Opret", **ctx, Kontaktdata=data)
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    assert_in_full(soap.call("Laes", **fagsystem, Part=part), data)
