"""Issue 3, "How it is checked", through zeep, as one scenario:

create, change with the right and a stale version, passivate, re-create, erase; the feed lists each
step once in order; the access log names the reads too; `Laes` at an earlier instant shows the
earlier data; a 1000-item import with one bad item stores 999 and reports one.

The other test files check each operation on its own, with every error code it can give.
"""

import datetime

import kontaktdata_support as ks

US = datetime.timedelta(microseconds=1)


def test_how_it_is_checked(soap, context_for, feed, adgangslog, fresh_persons, new_person,
                           kontaktdata, user_uuid):
    new_id = kontaktdata.new_id
    part = new_person()
    start = feed.head()
    mine = []  # the calls that concern the part, for the access log

    def do(operation, context, **kwargs):
        result = soap.call(operation, **context, **kwargs)
        mine.append(soap.calls[-1])
        return result

    def refused(operation, code, context, **kwargs):
        info = soap.fault(operation, code, **context, **kwargs)
        mine.append(soap.calls[-1])
        return info

    esdh = context_for(on_behalf_of="sagsbehandler-e2e-1")
    fagsystem_user = new_id()
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM, user=fagsystem_user,
                            on_behalf_of="sagsbehandler-e2e-2")

    # --- 1. create ---------------------------------------------------------------------------
    post_id, mail_id = new_id(), new_id()
    v1_data = {
        "Part": part,
        "Kontaktadresse": [
            {"AdresseID": post_id, "Adressetype": "POSTADRESSE",
             "Postadresse": {"DanskAdresse": {"Vejnavn": "Scenarievej", "Husnummer": "1",
                                              "Postnummer": "8000", "Postdistrikt": "Aarhus C"}}},
            {"AdresseID": mail_id, "Adressetype": "EMAIL", "Email": "foer@example.dk"},
        ],
        "Kontaktkanal": [{"Kanal": "BREVPOST", "AdresseID": post_id, "Prioritet": 1},
                         {"Kanal": "EMAIL", "AdresseID": mail_id, "Sagsomraade": "32.18",
                          "Prioritet": 1}],
        "Kontaktform": [{"Sprog": "da", "Prioritet": 1}],
    }
    created = do("Opret", esdh, Kontaktdata=v1_data, Note="scenarie: opret")
    assert created.Version == 1 and ks.same_part(created.Part, part)
    kd1 = do("Laes", esdh, Part=part)
    assert kd1.Version == 1 and kd1.Registrering.Livscyklus == "OPSTAAET"
    assert ks.actual_from_response(kd1) == ks.expected_from_request(v1_data)
    t1 = kd1.Registrering.Tidspunkt

    # --- 2. change with the right version, then with a stale one ----------------------------
    v2_data = dict(v1_data, Kontaktadresse=[
        v1_data["Kontaktadresse"][0],
        {"AdresseID": mail_id, "Adressetype": "EMAIL", "Email": "efter@example.dk"},
    ], Version=1)
    changed = do("Ret", esdh, Kontaktdata=v2_data, Note="scenarie: ret")
    assert changed.Version == 2 and ks.same_part(changed.Part, part)
    refused("Ret", "VERSIONSKONFLIKT", esdh,
            Kontaktdata=dict(v1_data, Version=1), Note="scenarie: forældet ret")
    kd2 = do("Laes", esdh, Part=part)
    assert kd2.Version == 2
    assert kd2.Registrering.Livscyklus == "RETTET" and kd2.Registrering.Note == "scenarie: ret"
    assert kd2.Registrering.OnBehalfOfUser == "sagsbehandler-e2e-1"
    assert ks.actual_from_response(kd2) == ks.expected_from_request(v2_data), \
        "the stale Ret changed something"
    t2 = kd2.Registrering.Tidspunkt

    # --- 3. passivate; another system reads (Laes and List) ---------------------------------
    passivated = do("Passiver", esdh, Part=part, Version=2, Note="scenarie: passiver")
    assert passivated.Version == 3
    kd3 = do("Laes", fagsystem, Part=part)
    assert kd3.Version == 3 and kd3.Registrering.Livscyklus == "PASSIVERET"
    listed = do("List", fagsystem, Part=[part])
    assert [r.Status for r in listed] == ["FUNDET"]
    assert listed[0].Kontaktdata.Registrering.Livscyklus == "PASSIVERET"
    t3 = do("Laes", esdh, Part=part).Registrering.Tidspunkt

    # --- 4. re-create: the versions continue ------------------------------------------------
    v4_data = {"Part": part, "Kontaktadresse": [
        {"AdresseID": new_id(), "Adressetype": "EMAIL", "Email": "igen@example.dk"}]}
    recreated = do("Opret", esdh, Kontaktdata=v4_data, Note="scenarie: genopret")
    assert recreated.Version == 4
    kd4 = do("Laes", esdh, Part=part)
    assert kd4.Version == 4 and kd4.Registrering.Livscyklus == "OPSTAAET"
    assert ks.actual_from_response(kd4) == ks.expected_from_request(v4_data)

    # --- Laes at earlier instants shows the earlier data ------------------------------------
    def laes_at(t):
        return do("Laes", esdh, Part=part, Registreringstidspunkt=t)

    assert ks.whole_answer(laes_at(t1)) == ks.whole_answer(kd1)
    assert ks.whole_answer(laes_at(t2 - US)) == ks.whole_answer(kd1)
    assert ks.whole_answer(laes_at(t2)) == ks.whole_answer(kd2)
    at_t3 = laes_at(t3)
    assert at_t3.Version == 3 and at_t3.Registrering.Livscyklus == "PASSIVERET"
    assert ks.actual_from_response(at_t3) == ks.expected_from_request(v2_data)
    refused("Laes", "PART_FINDES_IKKE", esdh, Part=part, Registreringstidspunkt=t1 - US)

    # --- 5. erase -----------------------------------------------------------------------------
    erased = do("Slet", esdh, Part=part, Note="scenarie: slet")
    assert ks.same_part(erased, part)
    refused("Laes", "PART_FINDES_IKKE", esdh, Part=part)
    # The history's values went too.
    refused("Laes", "PART_FINDES_IKKE", esdh, Part=part, Registreringstidspunkt=t2)

    # --- the feed lists each step once, in order ----------------------------------------------
    events = feed.since(start, part)
    assert [(e.Haendelsestype, e.Version) for e in events] == [
        ("OPRETTET", 1), ("RETTET", 2), ("PASSIVERET", 3), ("OPRETTET", 4), ("SLETTET", 4)]
    assert all(ks.same_part(e.Part, part) for e in events), "an erased part's events keep its Part"
    times = [ks.instant(e.Tidspunkt) for e in events]
    assert times == sorted(times)

    # --- the access log names every call, reads included, and answers for the erased part -----
    lines = adgangslog(part)
    mine.append(soap.calls[-1])
    logged = ks.match_access_log(lines, mine)
    reads = [c for c in mine if c.ok and c.operation in ("Laes", "List")]
    assert {c.operation for c in reads} == {"Laes", "List"}
    for call in reads:
        assert call.call_id in logged, "the read %s is not in the access log" % call
    fagsystem_lines = [logged[c.call_id] for c in mine if c.ok and c.user == fagsystem_user]
    assert [(line.Operation, line.UserSystemUUID, line.UserUUID, line.OnBehalfOfUser)
            for line in fagsystem_lines] == [
        ("Laes", ks.DEMO_FAGSYSTEM, fagsystem_user, "sagsbehandler-e2e-2"),
        ("List", ks.DEMO_FAGSYSTEM, fagsystem_user, "sagsbehandler-e2e-2")]
    assert all(line.UserUUID == user_uuid for line in logged.values()
               if line.UserSystemUUID == ks.DEMO_ESDH)

    # --- a 1000-item import with one bad item stores 999 and reports one -----------------------
    import_start = feed.head()
    parts = fresh_persons(1000)
    items = [{"Part": p,
              "Kontaktadresse": [{"AdresseID": new_id(), "Adressetype": "EMAIL",
                                  "Email": "import-%d@example.dk" % i}],
              "Kontaktkanal": [],
              "Kontaktform": [{"Sprog": "da", "Prioritet": 1}]} for i, p in enumerate(parts)]
    for item in items:
        item["Kontaktkanal"] = [{"Kanal": "EMAIL", "AdresseID": item["Kontaktadresse"][0]["AdresseID"],
                                 "Prioritet": 1}]
    bad = 617
    items[bad]["Kontaktadresse"][0]["Email"] = "ikke-en-adresse"
    results = soap.call("Importer", **esdh, Kontaktdata=items)
    assert len(results) == 1000
    assert [ks.part_key_of(r.Part) for r in results] == [ks.part_key_of(p) for p in parts], \
        "Resultat is not in request order"
    statuses = [r.Status for r in results]
    assert statuses[bad] == "AFVIST"
    assert results[bad].Fejl is not None and results[bad].Fejl.ErrorCode == "UGYLDIG_VAERDI"
    assert "Email" in results[bad].Fejl.ErrorText
    assert statuses.count("OPRETTET") == 999
    assert all(r.Version == 1 and r.Fejl is None for i, r in enumerate(results) if i != bad)

    found = soap.call("List", **esdh, Part=parts)
    assert [r.Status for r in found] == ["IKKE_FUNDET" if i == bad else "FUNDET"
                                         for i in range(1000)]
    sample = found[3].Kontaktdata
    assert [a.Email for a in sample.Kontaktadresse] == ["import-3@example.dk"]
    import_events = feed.since(import_start)
    mine_keys = {ks.part_key_of(p) for p in parts}
    import_events = [e for e in import_events if ks.part_key_of(e.Part) in mine_keys]
    assert len(import_events) == 999
    assert {ks.part_key_of(e.Part) for e in import_events} == mine_keys - {ks.part_key_of(parts[bad])}
    assert all(e.Version == 1 and e.Haendelsestype in ("OPRETTET", "IMPORTERET")
               for e in import_events)

    # Re-import: every stored part is replaced (RETTET, a new version, lifecycle IMPORTERET).
    items[bad]["Kontaktadresse"][0]["Email"] = "nu-gyldig@example.dk"
    again = soap.call("Importer", **esdh, Kontaktdata=items)
    assert [(r.Status, r.Version) for r in again] == [
        ("OPRETTET", 1) if i == bad else ("RETTET", 2) for i in range(1000)]
    kd = soap.call("Laes", **esdh, Part=parts[0])
    assert kd.Version == 2 and kd.Registrering.Livscyklus == "IMPORTERET"
