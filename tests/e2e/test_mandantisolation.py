"""Tenant isolation end to end: a randomized run of many operations on the same parts in two
municipalities (Aarhus and København, both as Demo ESDH), in which no answer may carry the other
municipality's data.

Every value a municipality writes carries its marker ("k" + its CVR number: in the e-mail
address, the Note and OnBehalfOfUser), so a leaked value shows in the raw bytes of an answer. The
feed and the access log, which name parts but no marked values, are checked against what this
test did in each municipality: every event of these parts in a municipality's feed is one of the
writes made there, in order, and every access-log line carries a CallersServiceCallIdentifier of
a call made there.

The run is bounded (KONTAKTDATA_E2E_ISOLATION_STEPS operations, default 400) and reproducible:
the seed is printed, and KONTAKTDATA_E2E_ISOLATION_SEED replays it.
"""

import os
import random
import uuid

import pytest
import zeep.exceptions

import kontaktdata_support as ks

STEPS = int(os.environ.get("KONTAKTDATA_E2E_ISOLATION_STEPS", "400"))
PARTS = 12
KOMMUNER = (ks.AARHUS, ks.KOEBENHAVN)


def marker(kommune):
    return "k" + kommune


class Tenant:
    """What this test did in one municipality: each part's state and version, the writes (as the
    feed must show them), and the call identifiers it used."""

    def __init__(self, kommune):
        self.kommune = kommune
        self.state = {}  # cpr -> AKTIV | PASSIVERET | SLETTET
        self.version = {}
        self.writes = []  # (cpr, Haendelsestype, Version) in commit order
        self.call_ids = set()


def data(part_cpr, kommune, n):
    aid = str(uuid.uuid4())
    return {
        "Part": {"CPRNummer": part_cpr},
        "Kontaktadresse": [{"AdresseID": aid, "Adressetype": "EMAIL",
                            "Email": "p%d.%s@example.dk" % (n, marker(kommune))}],
        "Kontaktkanal": [{"Kanal": "EMAIL", "AdresseID": aid, "Prioritet": 1}],
        "Kontaktform": [{"Sprog": "da", "Prioritet": 1}],
    }


def test_no_answer_carries_the_other_municipalitys_data(soap, context_for, feed):
    seed = int(os.environ.get("KONTAKTDATA_E2E_ISOLATION_SEED") or random.SystemRandom().randrange(2**32))
    print("tenant isolation: seed %d, %d steps (KONTAKTDATA_E2E_ISOLATION_SEED=%d replays it)"
          % (seed, STEPS, seed))
    rng = random.Random(seed)
    parts = [ks.synthetic_cpr() for _ in range(PARTS)]
    tenants = {k: Tenant(k) for k in KOMMUNER}
    feed_start = {k: feed.head(k) for k in KOMMUNER}
    counter = iter(range(1, 10**9))

    def call(tenant, operation, expect_fault=None, **kwargs):
        context = context_for(municipality=tenant.kommune,
                              on_behalf_of="sb-" + marker(tenant.kommune))
        before = len(soap.exchanges)
        try:
            if expect_fault:
                soap.fault(operation, expect_fault, **context, **kwargs)
                result = None
            else:
                result = soap.call(operation, **context, **kwargs)
        finally:
            tenant.call_ids.add(soap.last_call_id)
        other = [marker(k) for k in KOMMUNER if k != tenant.kommune][0].encode()
        for exchange in soap.exchanges[before:]:
            assert other not in exchange.response_body, (
                "seed %d: %s in %s answered with %s's data" % (seed, operation, tenant.kommune,
                                                               other.decode()))
        return result

    def aktive(t):
        return [p for p in parts if t.state.get(p) in ("AKTIV", "PASSIVERET")]

    for step in range(STEPS):
        t = tenants[rng.choice(KOMMUNER)]
        p = rng.choice(parts)
        state = t.state.get(p)
        op = rng.choice(["Opret", "Ret", "Passiver", "Slet", "Laes", "Laes", "List", "Importer",
                         "HentKontaktanvisning", "ListAdgangslog"])
        n = next(counter)
        if op == "Opret" and state in (None, "PASSIVERET"):
            r = call(t, "Opret", Kontaktdata=data(p, t.kommune, n), Note="note " + marker(t.kommune))
            t.state[p], t.version[p] = "AKTIV", r.Version
            t.writes.append((p, "OPRETTET", r.Version))
        elif op == "Ret" and state == "AKTIV":
            kd = dict(data(p, t.kommune, n), Version=t.version[p])
            r = call(t, "Ret", Kontaktdata=kd, Note="note " + marker(t.kommune))
            t.version[p] = r.Version
            t.writes.append((p, "RETTET", r.Version))
        elif op == "Passiver" and state == "AKTIV":
            r = call(t, "Passiver", Part={"CPRNummer": p}, Version=t.version[p])
            t.state[p], t.version[p] = "PASSIVERET", r.Version
            t.writes.append((p, "PASSIVERET", r.Version))
        elif op == "Slet" and state in ("AKTIV", "PASSIVERET") and rng.random() < 0.3:
            call(t, "Slet", Part={"CPRNummer": p})
            t.state[p] = "SLETTET"
            t.writes.append((p, "SLETTET", t.version[p]))
        elif op == "Laes":
            if state in ("AKTIV", "PASSIVERET"):
                kd = call(t, "Laes", Part={"CPRNummer": p})
                assert kd.Version == t.version[p], "seed %d: step %d" % (seed, step)
                assert marker(t.kommune) in kd.Kontaktadresse[0].Email
            else:
                call(t, "Laes", expect_fault="PART_FINDES_IKKE", Part={"CPRNummer": p})
        elif op == "List":
            asked = rng.sample(parts, rng.randint(1, 5))
            result = call(t, "List", Part=[{"CPRNummer": q} for q in asked])
            for q, r in zip(asked, result):
                expected = "FUNDET" if t.state.get(q) in ("AKTIV", "PASSIVERET") else "IKKE_FUNDET"
                assert r.Status == expected, "seed %d: step %d, List of %s" % (seed, step, q)
        elif op == "Importer":
            asked = [q for q in rng.sample(parts, rng.randint(1, 4)) if t.state.get(q) != "SLETTET"]
            if not asked:
                continue
            result = call(t, "Importer", Kontaktdata=[data(q, t.kommune, n) for q in asked])
            for q, r in zip(asked, result):
                assert r.Status in ("OPRETTET", "RETTET"), "seed %d: %s" % (seed, r)
                t.state[q], t.version[q] = "AKTIV", r.Version
                t.writes.append((q, "OPRETTET" if r.Status == "OPRETTET" else "IMPORTERET",
                                 r.Version))
        elif op == "HentKontaktanvisning":
            asked = rng.sample(parts, rng.randint(1, 5))
            answers = call(t, "HentKontaktanvisning", Part=[{"CPRNummer": q} for q in asked])
            for q, a in zip(asked, answers):
                expected = "KONTAKTDATA" if t.state.get(q) == "AKTIV" else "KUN_REGISTER"
                assert a.Status == expected, "seed %d: step %d, anvisning of %s" % (seed, step, q)
        elif op == "ListAdgangslog":
            lines = call(t, "ListAdgangslog", Part={"CPRNummer": p}, MaksAntal=1000) or []
            for line in lines:
                assert line.CallersServiceCallIdentifier in t.call_ids, (
                    "seed %d: %s's access log of a part holds a call made elsewhere" % (
                        seed, t.kommune))

    # Each municipality's feed holds exactly the writes made there, in order.
    for k, t in tenants.items():
        ours = set(parts)
        events = [(e.Part.CPRNummer, e.Haendelsestype, e.Version)
                  for e in feed.since(feed_start[k], municipality=k)
                  if e.Part.CPRNummer in ours]
        assert events == t.writes, "seed %d: the feed of %s is not its own writes" % (seed, k)
    assert all(t.writes for t in tenants.values()), "seed %d: a municipality saw no write" % seed
