"""Ret, Passiver and Slet through zeep: what they change, what they keep, and every error code
each can give (the context codes for every operation are in test_kontekst_adgang.py).

- Ret replaces the whole contact data when its Version is the current one; any other Version, or
  none, is VERSIONSKONFLIKT and changes nothing. AdresseIDs persist; an address sent with
  Tilbageholdt true keeps its stored value.
- Passiver ends the record's use: Laes and List still answer it with Livscyklus PASSIVERET, and
  Opret may create it again (its versions continue).
- Slet erases the part's contact data; Laes then answers PART_FINDES_IKKE, List IKKE_FUNDET, and
  ListAdgangslog still answers for it.
"""

import datetime

import pytest

import kontaktdata_support as ks


def _laes(soap, ctx, part):
    return soap.call("Laes", **ctx, Part=part)


def _ret(soap, ctx, data, version, note=None):
    kwargs = {"Kontaktdata": dict(data, Version=version)}
    if note is not None:
        kwargs["Note"] = note
    return soap.call("Ret", **ctx, **kwargs)


# --- Ret -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["person", "company"])
def test_ret_replaces_the_whole_contact_data(kind, soap, context_for, new_person, new_company,
                                             kontaktdata, user_uuid):
    part = new_person() if kind == "person" else new_company()
    ctx = context_for(on_behalf_of="sagsbehandler-e2e-ret")
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    new_data = kontaktdata.minimal(part)
    response = _ret(soap, ctx, new_data, 1, note="e2e: ret")
    assert ks.same_part(response.Part, part)
    assert response.Version == 2
    kd = _laes(soap, ctx, part)
    assert kd.Version == 2
    assert ks.actual_from_response(kd) == ks.expected_from_request(new_data)
    reg = kd.Registrering
    assert (reg.Livscyklus, reg.UserSystemUUID, reg.UserUUID, reg.OnBehalfOfUser, reg.Note) == \
        ("RETTET", ks.DEMO_ESDH, user_uuid, "sagsbehandler-e2e-ret", "e2e: ret")


def test_ret_can_empty_the_contact_data_and_counts_on(soap, ctx, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    assert _ret(soap, ctx, {"Part": part}, 1).Version == 2
    assert _ret(soap, ctx, kontaktdata.minimal(part), 2).Version == 3
    assert _ret(soap, ctx, {"Part": part}, 3).Version == 4
    kd = _laes(soap, ctx, part)
    assert kd.Version == 4
    assert not kd.Kontaktadresse and not kd.Kontaktkanal and not kd.Kontaktform


def test_ret_keeps_adresse_ids(soap, ctx, new_person, kontaktdata):
    """AdresseIDs persist across Ret: an address sent back with its ID keeps it (with the new
    value), a channel may name it, and an address sent without one gets a new one."""
    part = new_person()
    post_id, mail_id = kontaktdata.new_id(), kontaktdata.new_id()
    first = {"Part": part, "Kontaktadresse": [
        {"AdresseID": post_id, "Adressetype": "POSTADRESSE", "Postadresse": kontaktdata.dansk_adresse()},
        {"AdresseID": mail_id, "Adressetype": "EMAIL", "Email": "foer@example.dk"},
    ], "Kontaktkanal": [{"Kanal": "EMAIL", "AdresseID": mail_id, "Prioritet": 1}]}
    soap.call("Opret", **ctx, Kontaktdata=first)
    moved = {"DanskAdresse": {"Vejnavn": "Nyvej", "Husnummer": "2", "Postnummer": "8200",
                              "Postdistrikt": "Aarhus N"}}
    second = {"Part": part, "Kontaktadresse": [
        {"AdresseID": post_id, "Adressetype": "POSTADRESSE", "Postadresse": moved},
        {"AdresseID": mail_id, "Adressetype": "EMAIL", "Email": "efter@example.dk"},
        {"Adressetype": "MOBILTELEFON", "Mobilnummer": "+4520123456"},
    ], "Kontaktkanal": [{"Kanal": "BREVPOST", "AdresseID": post_id, "Prioritet": 1},
                        {"Kanal": "EMAIL", "AdresseID": mail_id, "Prioritet": 2}]}
    assert _ret(soap, ctx, second, 1).Version == 2
    kd = _laes(soap, ctx, part)
    by_type = {a.Adressetype: a for a in kd.Kontaktadresse}
    assert by_type["POSTADRESSE"].AdresseID == post_id
    assert by_type["POSTADRESSE"].Postadresse.DanskAdresse.Vejnavn == "Nyvej"
    assert by_type["EMAIL"].AdresseID == mail_id and by_type["EMAIL"].Email == "efter@example.dk"
    mobile_id = by_type["MOBILTELEFON"].AdresseID
    assert ks.UUID_RE.match(mobile_id) and mobile_id not in (post_id, mail_id)
    generated = {mobile_id}
    assert ks.actual_from_response(kd, generated) == ks.expected_from_request(second)

    # The ID the service chose persists too, and a channel may now name it.
    third = dict(second, Kontaktadresse=[dict(a) for a in second["Kontaktadresse"]])
    third["Kontaktadresse"][2]["AdresseID"] = mobile_id
    third["Kontaktkanal"] = second["Kontaktkanal"] + [
        {"Kanal": "SMS", "AdresseID": mobile_id, "Prioritet": 3}]
    assert _ret(soap, ctx, third, 2).Version == 3
    kd = _laes(soap, ctx, part)
    assert ks.actual_from_response(kd) == ks.expected_from_request(third)


@pytest.mark.parametrize("sent", ["dummy-value", "no-value"])
def test_an_address_sent_with_tilbageholdt_true_keeps_its_stored_value(sent, soap, ctx, new_person,
                                                                     kontaktdata):
    """A caller shown an address withheld (Tilbageholdt true, no value) cannot erase it by
    accident: sent back with Tilbageholdt true -- without a value, or with any value -- the address
    keeps its stored value. (The Demo fagsystem, which gets withheld addresses, may not Ret; the
    Demo ESDH system sends what it would have sent.)"""
    part = new_person()
    data = kontaktdata.minimal(part)
    stored = data["Kontaktadresse"][0]
    soap.call("Opret", **ctx, Kontaktdata=data)
    sent_back = {"AdresseID": stored["AdresseID"], "Adressetype": "POSTADRESSE", "Tilbageholdt": True}
    if sent == "dummy-value":
        sent_back["Postadresse"] = {"DanskAdresse": {"Vejnavn": "Dummyvej", "Husnummer": "99",
                                                     "Postnummer": "9999", "Postdistrikt": "Dummy"}}
    second = dict(data, Kontaktadresse=[sent_back])
    assert _ret(soap, ctx, second, 1).Version == 2
    kd = _laes(soap, ctx, part)
    assert kd.Version == 2
    assert ks.actual_from_response(kd) == ks.expected_from_request(data)


def test_ret_ignores_registrering_in_input(soap, ctx, user_uuid, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    data = dict(kontaktdata.minimal(part), Registrering={
        "Tidspunkt": datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc),
        "Livscyklus": "IMPORTERET", "UserSystemUUID": ks.DEMO_FAGSYSTEM,
        "UserUUID": "00000000-0000-4000-8000-000000000000", "Note": "skal ignoreres"})
    assert _ret(soap, ctx, data, 1).Version == 2
    reg = _laes(soap, ctx, part).Registrering
    assert (reg.Livscyklus, reg.UserSystemUUID, reg.UserUUID, reg.Note) == \
        ("RETTET", ks.DEMO_ESDH, user_uuid, None)


@pytest.mark.parametrize("version", [1, 3, 99, None], ids=["stale", "next", "future", "absent"])
def test_ret_with_another_version_is_versionskonflikt(version, soap, ctx, feed, new_person,
                                                      kontaktdata):
    part = new_person()
    start = feed.head()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    assert _ret(soap, ctx, kontaktdata.minimal(part), 1).Version == 2
    before = ks.whole_answer(_laes(soap, ctx, part))
    attempt = dict(kontaktdata.full(part))
    if version is not None:
        attempt["Version"] = version
    soap.fault("Ret", "VERSIONSKONFLIKT", **ctx, Kontaktdata=attempt)
    assert ks.whole_answer(_laes(soap, ctx, part)) == before, "a refused Ret changed something"
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("RETTET", 2)]


@pytest.mark.parametrize("kind", ["person", "company"])
def test_ret_of_an_unknown_part_is_part_findes_ikke(kind, soap, ctx, new_person, new_company,
                                                    kontaktdata):
    part = new_person() if kind == "person" else new_company()
    soap.fault("Ret", "PART_FINDES_IKKE", **ctx, Kontaktdata=dict(kontaktdata.minimal(part), Version=1))
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part)


def test_ret_in_another_municipality_is_part_findes_ikke(soap, context_for, new_person, kontaktdata):
    part = new_person()
    aarhus = context_for(municipality=ks.AARHUS)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.minimal(part))
    before = ks.whole_answer(_laes(soap, aarhus, part))
    soap.fault("Ret", "PART_FINDES_IKKE", **context_for(municipality=ks.KOEBENHAVN),
               Kontaktdata=dict(kontaktdata.full(part), Version=1))
    assert ks.whole_answer(_laes(soap, aarhus, part)) == before


def test_ret_of_an_erased_part_is_part_findes_ikke(soap, ctx, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Slet", **ctx, Part=part)
    soap.fault("Ret", "PART_FINDES_IKKE", **ctx, Kontaktdata=dict(kontaktdata.minimal(part), Version=1))


def _bad_sagsomraade(data):
    data["Kontaktkanal"][0]["Sagsomraade"] = "32.1"


def _bad_sprog(data):
    data["Kontaktform"][0]["Sprog"] = "xx"


def _bad_tolkesprog(data):
    data["Kontaktform"][0].update(Tolkebehov=True, Tolkesprog="dk")


def _bad_email(data):
    data["Kontaktadresse"].append({"Adressetype": "EMAIL", "Email": "anna.example.dk"})


def _bad_landekode(data):
    data["Kontaktadresse"].append({"Adressetype": "POSTADRESSE", "Postadresse": {"Adresselinjer": {
        "Adresselinje": ["Somewhere 1"], "Landekode": "ZZ"}}})


def _bad_mobilnummer(data):
    data["Kontaktadresse"].append({"Adressetype": "MOBILTELEFON", "Mobilnummer": "+45 2012 34"})


def _bad_reference(data):
    data["Kontaktkanal"].append({"Kanal": "SMS", "AdresseID": data["Kontaktadresse"][0]["AdresseID"],
                                 "Prioritet": 2})


BAD_RET = [
    ("UGYLDIG_SAGSOMRAADE", "Sagsomraade", _bad_sagsomraade),
    ("UGYLDIG_SPROG", "Sprog", _bad_sprog),
    ("UGYLDIG_SPROG", "Tolkesprog", _bad_tolkesprog),
    ("UGYLDIG_VAERDI", "Email", _bad_email),
    ("UGYLDIG_VAERDI", "Landekode", _bad_landekode),
    ("UGYLDIG_VAERDI", "Mobilnummer", _bad_mobilnummer),
    ("UGYLDIG_REFERENCE", None, _bad_reference),
]


@pytest.mark.parametrize("code,element,breaks", BAD_RET, ids=[b[2].__name__[5:] for b in BAD_RET])
def test_ret_with_a_broken_value_changes_nothing(code, element, breaks, soap, ctx, new_person,
                                                 kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    before = ks.whole_answer(_laes(soap, ctx, part))
    data = kontaktdata.minimal(part)
    breaks(data)
    info = soap.fault("Ret", code, **ctx, Kontaktdata=dict(data, Version=1))
    if element:
        assert element in info.text_of(code), "ErrorText %r does not name %s" % (
            info.text_of(code), element)
    assert ks.whole_answer(_laes(soap, ctx, part)) == before


@pytest.mark.parametrize("part,code", [({"CPRNummer": "3102701234"}, "UGYLDIG_CPR"),
                                       ({"CVRNummer": "12345678"}, "UGYLDIG_CVR")],
                         ids=["cpr", "cvr"])
def test_ret_of_an_invalid_identifier(part, code, soap, ctx, kontaktdata):
    info = soap.fault("Ret", code, **ctx, Kontaktdata=dict(kontaktdata.minimal(part), Version=1))
    assert next(iter(part)) in info.text_of(code)


# --- Passiver ------------------------------------------------------------------------------------

def test_passiver_keeps_the_data_and_laes_and_list_still_answer(soap, context_for, new_person,
                                                                kontaktdata, user_uuid):
    part = new_person()
    ctx = context_for(on_behalf_of="sagsbehandler-e2e-passiver")
    data = kontaktdata.full(part)
    soap.call("Opret", **ctx, Kontaktdata=data)
    before = _laes(soap, ctx, part)
    response = soap.call("Passiver", **ctx, Part=part, Version=1, Note="e2e: passiver")
    assert ks.same_part(response.Part, part)
    assert response.Version == 2
    kd = _laes(soap, ctx, part)
    assert kd.Version == 2
    reg = kd.Registrering
    assert (reg.Livscyklus, reg.UserSystemUUID, reg.UserUUID, reg.OnBehalfOfUser, reg.Note) == \
        ("PASSIVERET", ks.DEMO_ESDH, user_uuid, "sagsbehandler-e2e-passiver", "e2e: passiver")
    generated = {a.AdresseID for a in before.Kontaktadresse if a.Email == "uden-id@example.dk"}
    assert ks.actual_from_response(kd, generated) == ks.actual_from_response(before, generated)
    listed = soap.call("List", **ctx, Part=[part])
    assert [r.Status for r in listed] == ["FUNDET"]
    assert listed[0].Kontaktdata.Version == 2
    assert listed[0].Kontaktdata.Registrering.Livscyklus == "PASSIVERET"


def test_opret_after_passiver_continues_the_version_numbers(soap, ctx, feed, new_company,
                                                            kontaktdata):
    part = new_company()
    start = feed.head()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    assert _ret(soap, ctx, kontaktdata.minimal(part), 1).Version == 2
    assert soap.call("Passiver", **ctx, Part=part, Version=2).Version == 3
    again = kontaktdata.minimal(part)
    response = soap.call("Opret", **ctx, Kontaktdata=again)
    assert response.Version == 4
    kd = _laes(soap, ctx, part)
    assert kd.Version == 4 and kd.Registrering.Livscyklus == "OPSTAAET"
    assert ks.actual_from_response(kd) == ks.expected_from_request(again)
    # ... and a part that is active again exists: a second Opret is refused.
    soap.fault("Opret", "PART_FINDES_ALLEREDE", **ctx, Kontaktdata=kontaktdata.minimal(part))
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("RETTET", 2), ("PASSIVERET", 3), ("OPRETTET", 4)]


@pytest.mark.parametrize("version", [1, 3, 99, None], ids=["stale", "next", "future", "absent"])
def test_passiver_with_another_version_is_versionskonflikt(version, soap, ctx, new_person,
                                                           kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    assert _ret(soap, ctx, kontaktdata.full(part), 1).Version == 2
    before = ks.whole_answer(_laes(soap, ctx, part))
    kwargs = {"Part": part}
    if version is not None:
        kwargs["Version"] = version
    soap.fault("Passiver", "VERSIONSKONFLIKT", **ctx, **kwargs)
    assert ks.whole_answer(_laes(soap, ctx, part)) == before


@pytest.mark.parametrize("kind", ["person", "company"])
def test_passiver_of_an_unknown_part_is_part_findes_ikke(kind, soap, ctx, new_person, new_company):
    part = new_person() if kind == "person" else new_company()
    soap.fault("Passiver", "PART_FINDES_IKKE", **ctx, Part=part, Version=1)


@pytest.mark.parametrize("part,code", [({"CPRNummer": "0113701234"}, "UGYLDIG_CPR"),
                                       ({"CVRNummer": "1234567x"}, "UGYLDIG_CVR")],
                         ids=["cpr", "cvr"])
def test_passiver_of_an_invalid_identifier(part, code, soap, ctx):
    info = soap.fault("Passiver", code, **ctx, Part=part, Version=1)
    assert next(iter(part)) in info.text_of(code)


# --- Slet ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["person", "company"])
def test_slet_erases_the_part(kind, soap, ctx, feed, adgangslog, new_person, new_company,
                              kontaktdata):
    part = new_person() if kind == "person" else new_company()
    start = feed.head()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    assert _ret(soap, ctx, kontaktdata.minimal(part), 1).Version == 2
    response = soap.call("Slet", **ctx, Part=part, Note="e2e: slet")
    assert ks.same_part(response, part)
    slet_id = soap.last_call_id
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part)
    assert [r.Status for r in soap.call("List", **ctx, Part=[part])] == ["IKKE_FUNDET"]
    assert [r.Kontaktdata for r in soap.call("List", **ctx, Part=[part])] == [None]
    # The event and the access log keep that it happened.
    assert [(e.Haendelsestype, e.Version) for e in feed.since(start, part)] == \
        [("OPRETTET", 1), ("RETTET", 2), ("SLETTET", 2)]
    lines = adgangslog(part)
    assert [line.Operation for line in lines if line.CallersServiceCallIdentifier == slet_id] == ["Slet"]
    assert {"Opret", "Ret", "Slet"} <= {line.Operation for line in lines}
    # Erased is gone: a second Slet finds nothing.
    soap.fault("Slet", "PART_FINDES_IKKE", **ctx, Part=part)


def test_slet_of_a_passivated_part(soap, ctx, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Passiver", **ctx, Part=part, Version=1)
    assert ks.same_part(soap.call("Slet", **ctx, Part=part), part)
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part)


def test_opret_after_slet_creates_the_part_anew(soap, ctx, new_person, kontaktdata):
    """After erasure nothing of the old data is left: Opret creates the part again (its Version
    is not asserted: the contract does not say whether numbering continues after Slet)."""
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    soap.call("Slet", **ctx, Part=part)
    again = kontaktdata.minimal(part)
    version = soap.call("Opret", **ctx, Kontaktdata=again).Version
    assert version >= 1
    kd = _laes(soap, ctx, part)
    assert kd.Version == version
    assert ks.actual_from_response(kd) == ks.expected_from_request(again)


def test_slet_in_one_municipality_leaves_the_other(soap, context_for, new_person, kontaktdata):
    part = new_person()
    aarhus, kbh = context_for(municipality=ks.AARHUS), context_for(municipality=ks.KOEBENHAVN)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.full(part))
    soap.call("Opret", **kbh, Kontaktdata=kontaktdata.minimal(part))
    before = ks.whole_answer(_laes(soap, aarhus, part))
    soap.call("Slet", **kbh, Part=part)
    soap.fault("Laes", "PART_FINDES_IKKE", **kbh, Part=part)
    assert ks.whole_answer(_laes(soap, aarhus, part)) == before


@pytest.mark.parametrize("kind", ["person", "company"])
def test_slet_of_an_unknown_part_is_part_findes_ikke(kind, soap, ctx, new_person, new_company):
    part = new_person() if kind == "person" else new_company()
    soap.fault("Slet", "PART_FINDES_IKKE", **ctx, Part=part)


@pytest.mark.parametrize("part,code", [({"CPRNummer": "0000701234"}, "UGYLDIG_CPR"),
                                       ({"CVRNummer": "12345678"}, "UGYLDIG_CVR")],
                         ids=["cpr", "cvr"])
def test_slet_of_an_invalid_identifier(part, code, soap, ctx):
    info = soap.fault("Slet", code, **ctx, Part=part)
    assert next(iter(part)) in info.text_of(code)
