"""List and Importer: batches of 1..1000 (1001 is FOR_MANGE), one Resultat per request item in
request order; an identifier that breaks its rule makes that item UGYLDIG (List) or AFVIST
(Importer) and never the whole call. Importer creates or replaces without a version check: a new
part is OPRETTET (Version 1), an existing one RETTET (its next Version, lifecycle IMPORTERET); one
bad item is reported with Fejl/ErrorCode and the others are stored.
"""

import pytest

import kontaktdata_support as ks

INVALID_CPR = "3102701234"  # 31 February
INVALID_CVR = "12345678"       # fails modulus 11


def _keys(parts):
    return [ks.part_key_of(p) for p in parts]


# --- List ----------------------------------------------------------------------------------------

def test_list_answers_each_part_in_request_order(soap, ctx, new_person, new_company, kontaktdata):
    stored_person, stored_company, passivated = new_person(), new_company(), new_person()
    for part in (stored_person, stored_company, passivated):
        soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Passiver", **ctx, Part=passivated, Version=1)
    parts = [
        stored_person,
        new_person(),                       # unknown
        {"CPRNummer": INVALID_CPR},      # breaks its rule
        stored_company,
        {"CVRNummer": INVALID_CVR},
        new_company(),                      # unknown
        passivated,
        stored_person,                      # the same part twice: answered twice
    ]
    results = soap.call("List", **ctx, Part=parts)
    assert _keys(r.Part for r in results) == _keys(parts)
    assert [r.Status for r in results] == ["FUNDET", "IKKE_FUNDET", "UGYLDIG", "FUNDET", "UGYLDIG",
                                           "IKKE_FUNDET", "FUNDET", "FUNDET"]
    for r in results:
        if r.Status == "FUNDET":
            assert r.Kontaktdata is not None and ks.same_part(r.Kontaktdata.Part, r.Part)
            assert r.Kontaktdata.Registrering is not None
        else:
            assert r.Kontaktdata is None, "only FUNDET carries Kontaktdata"
    assert results[0].Kontaktdata.Version == 1
    assert results[0].Kontaktdata.Registrering.Livscyklus == "OPSTAAET"
    assert results[6].Kontaktdata.Version == 2
    assert results[6].Kontaktdata.Registrering.Livscyklus == "PASSIVERET"
    assert ks.whole_answer(results[0].Kontaktdata) == ks.whole_answer(results[7].Kontaktdata)


def test_list_answers_what_laes_answers(soap, ctx, new_person, new_company, kontaktdata):
    parts = [new_person(), new_company()]
    for part in parts:
        soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    results = soap.call("List", **ctx, Part=parts)
    for part, r in zip(parts, results):
        assert ks.whole_answer(r.Kontaktdata) == ks.whole_answer(soap.call("Laes", **ctx, Part=part))


def test_list_of_only_invalid_identifiers_is_no_fault(soap, ctx):
    results = soap.call("List", **ctx, Part=[{"CPRNummer": "0000701234"}, {"CVRNummer": "0" * 8}])
    assert [r.Status for r in results] == ["UGYLDIG", "UGYLDIG"]


def test_list_reads_this_municipality_only(soap, context_for, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **context_for(municipality=ks.AARHUS), Kontaktdata=kontaktdata.minimal(part))
    results = soap.call("List", **context_for(municipality=ks.KOEBENHAVN), Part=[part])
    assert [r.Status for r in results] == ["IKKE_FUNDET"]


def test_list_gives_the_demo_fagsystem_an_unprotected_persons_postal_addresses(
        soap, ctx, context_for, new_person, kontaktdata):
    """As Laes: the synthetic person is unknown to CPR, so no protection is in force and nothing
    is withheld (a protected person: test_adressebeskyttelse.py)."""
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.full(part))
    seen = soap.call("List", **context_for(user_system=ks.DEMO_FAGSYSTEM), Part=[part])[0].Kontaktdata
    assert [a for a in seen.Kontaktadresse if a.Adressetype == "POSTADRESSE" and a.Postadresse]
    assert ks.whole_answer(seen) == ks.whole_answer(soap.call("Laes", **ctx, Part=part))
    assert not any(a.Tilbageholdt for a in seen.Kontaktadresse)


def test_list_writes_an_access_log_line_for_a_found_part(soap, ctx, adgangslog, new_person,
                                                         kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.call("List", **ctx, Part=[new_person(), part, new_person()])
    list_id = soap.last_call_id
    lines = [line for line in adgangslog(part) if line.CallersServiceCallIdentifier == list_id]
    assert [line.Operation for line in lines] == ["List"], "a batch writes one line per part"


def test_list_of_1000_parts_is_answered_and_1001_is_for_mange(soap, ctx, new_person, kontaktdata):
    stored = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(stored))
    parts = [stored] + [new_person() for _ in range(999)]
    results = soap.call("List", **ctx, Part=parts)
    assert len(results) == 1000
    assert _keys(r.Part for r in results) == _keys(parts)
    assert results[0].Status == "FUNDET"
    soap.fault("List", "FOR_MANGE", **ctx, Part=parts + [new_person()])


# --- Importer ------------------------------------------------------------------------------------

def test_importer_creates_and_replaces_without_a_version_check(soap, ctx, feed, fresh_persons,
                                                               new_company, kontaktdata, user_uuid):
    existing = new_company()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(existing))
    changed = soap.call("Ret", **ctx, Kontaktdata=dict(kontaktdata.minimal(existing), Version=1))
    assert changed.Version == 2
    new_a, new_b = fresh_persons(2)
    start = feed.head()
    items = [dict(kontaktdata.full(new_a), Version=42),   # a Version sent to Importer is ignored
             kontaktdata.full(existing),                  # no version check
             kontaktdata.minimal(new_b)]
    results = soap.call("Importer", **ctx, Kontaktdata=items)
    assert _keys(r.Part for r in results) == _keys(i["Part"] for i in items)
    assert [(r.Status, r.Version, r.Fejl) for r in results] == \
        [("OPRETTET", 1, None), ("RETTET", 3, None), ("OPRETTET", 1, None)]

    for item in items:
        kd = soap.call("Laes", **ctx, Part=item["Part"])
        generated = {a.AdresseID for a in kd.Kontaktadresse if a.Email == "uden-id@example.dk"}
        assert ks.actual_from_response(kd, generated) == ks.expected_from_request(item)
        assert kd.Registrering.UserSystemUUID == ks.DEMO_ESDH and kd.Registrering.UserUUID == user_uuid
    replaced = soap.call("Laes", **ctx, Part=existing)
    assert replaced.Version == 3 and replaced.Registrering.Livscyklus == "IMPORTERET"

    events = {ks.part_key_of(i["Part"]): [(e.Haendelsestype, e.Version)
                                         for e in feed.since(start, i["Part"])] for i in items}
    assert events[ks.part_key_of(existing)] in ([("IMPORTERET", 3)], [("RETTET", 3)])
    for part in (new_a, new_b):
        assert events[ks.part_key_of(part)] in ([("OPRETTET", 1)], [("IMPORTERET", 1)])


def _bad_item(kind, part, kontaktdata):
    data = kontaktdata.minimal(part)
    if kind == "UGYLDIG_SAGSOMRAADE":
        data["Kontaktform"][0]["Sagsomraade"] = "32.18."
    elif kind == "UGYLDIG_SPROG":
        data["Kontaktform"][0]["Sprog"] = "xxx"
    elif kind == "UGYLDIG_VAERDI":
        data["Kontaktadresse"][0]["Postadresse"]["DanskAdresse"]["Postnummer"] = "800"
    elif kind == "UGYLDIG_REFERENCE":
        data["Kontaktkanal"][0]["AdresseID"] = kontaktdata.new_id()
    return data


BAD_ITEMS = [("UGYLDIG_CPR", {"CPRNummer": INVALID_CPR}), ("UGYLDIG_CVR", {"CVRNummer": INVALID_CVR}),
             ("UGYLDIG_SAGSOMRAADE", None), ("UGYLDIG_SPROG", None), ("UGYLDIG_VAERDI", None),
             ("UGYLDIG_REFERENCE", None)]


@pytest.mark.parametrize("code,bad_part", BAD_ITEMS, ids=[b[0] for b in BAD_ITEMS])
def test_importer_reports_a_bad_item_and_stores_the_others(code, bad_part, soap, ctx, feed,
                                                           fresh_persons, kontaktdata):
    first, bad, last = fresh_persons(3)
    bad = bad_part or bad
    start = feed.head()
    items = [kontaktdata.minimal(first), _bad_item(code, bad, kontaktdata), kontaktdata.full(last)]
    results = soap.call("Importer", **ctx, Kontaktdata=items)
    assert _keys(r.Part for r in results) == _keys([first, bad, last])
    assert [r.Status for r in results] == ["OPRETTET", "AFVIST", "OPRETTET"]
    refused = results[1]
    assert refused.Fejl is not None, "an AFVIST item carries Fejl"
    assert refused.Fejl.ErrorCode == code
    assert refused.Fejl.ErrorText and refused.Fejl.ErrorText.strip()
    assert refused.Version is None, "nothing was stored for an AFVIST item"
    assert results[0].Fejl is None and results[2].Fejl is None
    for part in (first, last):
        assert soap.call("Laes", **ctx, Part=part).Version == 1
    if bad_part is None:
        soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=bad)
    assert not feed.since(start, bad), "an AFVIST item wrote an event"


def test_importer_of_1001_items_is_for_mange_and_stores_nothing(soap, ctx, feed, fresh_persons,
                                                                kontaktdata):
    parts = fresh_persons(1001)
    start = feed.head()
    soap.fault("Importer", "FOR_MANGE", **ctx, Kontaktdata=[kontaktdata.minimal(p) for p in parts])
    results = soap.call("List", **ctx, Part=parts[:1000])
    assert {r.Status for r in results} == {"IKKE_FUNDET"}
    events = feed.since(start)
    keys = set(_keys(parts))
    assert not [e for e in events if ks.part_key_of(e.Part) in keys]


def test_importer_writes_in_this_municipality_only(soap, context_for, new_person, kontaktdata):
    part = new_person()
    aarhus, kbh = context_for(municipality=ks.AARHUS), context_for(municipality=ks.KOEBENHAVN)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.full(part))
    before = ks.whole_answer(soap.call("Laes", **aarhus, Part=part))
    results = soap.call("Importer", **kbh, Kontaktdata=[kontaktdata.minimal(part)])
    assert [(r.Status, r.Version) for r in results] == [("OPRETTET", 1)]
    assert ks.whole_answer(soap.call("Laes", **aarhus, Part=part)) == before


def test_importer_writes_an_access_log_line_per_part(soap, ctx, adgangslog, fresh_persons,
                                                     kontaktdata):
    parts = fresh_persons(2)
    soap.call("Importer", **ctx, Kontaktdata=[kontaktdata.minimal(p) for p in parts])
    import_id = soap.last_call_id
    for part in parts:
        lines = [line for line in adgangslog(part) if line.CallersServiceCallIdentifier == import_id]
        assert [line.Operation for line in lines] == ["Importer"]
