"""ListAdgangslog: every operation on a part, reads included, writes one line (Tidspunkt,
Operation, UserSystemUUID, UserUUID, OnBehalfOfUser, CallersServiceCallIdentifier); a batch one
line per part. The log of one part, oldest first, for a period (Fra, Til), at most MaksAntal lines
(at most 1000, default 100; page by moving Fra). It also answers for an erased part.

Decided from the contract: ListAdgangslog never answers PART_FINDES_IKKE. That code means "the
municipality holds no contact data for the part", and the contract has ListAdgangslog answer for an
erased part, which holds none; the log is kept by identifier, so a part never seen simply has no
lines. Left open by the contract and not asserted: whether ListAdgangslog writes a line itself,
and whether a refused call does (see kontaktdata_support.match_access_log).
"""

import datetime

import pytest

import kontaktdata_support as ks

US = datetime.timedelta(microseconds=1)


def _not_own(lines):
    """The lines of other operations than ListAdgangslog (which may or may not log itself)."""
    return [line for line in lines if line.Operation != "ListAdgangslog"]


def test_every_call_on_a_part_is_logged_with_its_caller(soap, context_for, adgangslog, feed,
                                                        new_person, kontaktdata):
    part = new_person()
    mine = []

    def do(operation, context, **kwargs):
        result = soap.call(operation, **context, **kwargs)
        mine.append(soap.calls[-1])
        return result

    esdh_for_someone = context_for(on_behalf_of="sagsbehandler-e2e-log")
    esdh_alone = context_for()
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM, user=kontaktdata.new_id(),
                            on_behalf_of="fagsystembruger-e2e")
    do("Opret", esdh_for_someone, Kontaktdata=kontaktdata.minimal(part))
    t = do("Laes", esdh_alone, Part=part).Registrering.Tidspunkt
    do("Laes", esdh_alone, Part=part, Registreringstidspunkt=t)
    do("List", fagsystem, Part=[new_person(), part])
    do("Laes", fagsystem, Part=part)
    do("Ret", esdh_for_someone, Kontaktdata=dict(kontaktdata.full(part), Version=1))
    do("Passiver", esdh_alone, Part=part, Version=2)
    do("Opret", esdh_alone, Kontaktdata=kontaktdata.minimal(part))
    do("Importer", esdh_for_someone, Kontaktdata=[kontaktdata.minimal(part)])
    do("Slet", esdh_for_someone, Part=part)

    lines = adgangslog(part)  # after Slet: the log answers for the erased part
    mine.append(soap.calls[-1])
    logged = ks.match_access_log(lines, mine)
    assert [logged[c.call_id].Operation for c in mine if c.operation != "ListAdgangslog"] == [
        "Opret", "Laes", "Laes", "List", "Laes", "Ret", "Passiver", "Opret", "Importer", "Slet"]
    assert logged[mine[1].call_id].OnBehalfOfUser is None
    assert logged[mine[0].call_id].OnBehalfOfUser == "sagsbehandler-e2e-log"
    assert logged[mine[3].call_id].UserSystemUUID == ks.DEMO_FAGSYSTEM
    now = datetime.datetime.now(datetime.timezone.utc)
    for line in lines:
        assert abs(ks.instant(line.Tidspunkt) - now) < datetime.timedelta(minutes=10)
    raw = ks.body_child(ks.parse_xml(soap.last.response_body)).findtext(
        "kd:Logpost/kd:Tidspunkt", namespaces=ks.NSMAP)
    assert raw and ks.DATETIME_WITH_ZONE_RE.match(raw), raw


def test_a_call_without_a_call_identifier_is_logged_without_one(soap, ctx, context_for, adgangslog,
                                                                new_company, kontaktdata):
    part = new_company()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    user = kontaktdata.new_id()
    soap.call("Laes", **context_for(user=user, call_id=False, call_context=False), Part=part)
    lines = [line for line in adgangslog(part) if line.UserUUID == user]
    assert [(line.Operation, line.CallersServiceCallIdentifier, line.OnBehalfOfUser)
            for line in lines] == [("Laes", None, None)]


def test_period_and_paging(soap, ctx, adgangslog, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    for _ in range(5):
        soap.call("Laes", **ctx, Part=part)
    lines = _not_own(adgangslog(part))
    assert [line.Operation for line in lines] == ["Opret"] + ["Laes"] * 5
    times = [line.Tidspunkt for line in lines]
    ids = [line.CallersServiceCallIdentifier for line in lines]

    def page(**kwargs):
        return [line.CallersServiceCallIdentifier for line in _not_own(adgangslog(part, **kwargs))]

    # MaksAntal: the oldest first.
    assert page(MaksAntal=2) == ids[:2]
    # Page on by moving Fra past the last line seen.
    assert page(Fra=times[1] + US, MaksAntal=2) == ids[2:4]
    assert page(Fra=times[3] + US, MaksAntal=2) == ids[4:6]
    # Til bounds the period; Fra and Til together.
    assert page(Til=times[3] - US) == ids[:3]
    assert page(Fra=times[1] + US, Til=times[4] - US) == ids[2:4]
    # A period before the part's first line, and one far ahead: no lines.
    assert page(Til=times[0] - US) == []
    assert page(Fra=times[5] + datetime.timedelta(days=365)) == []


def test_maks_antal_defaults_to_100_and_1000_is_accepted(soap, ctx, adgangslog, new_person,
                                                        kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    for _ in range(100):
        soap.call("Laes", **ctx, Part=part)
    default = adgangslog(part)
    assert len(default) == 100, "MaksAntal defaults to 100"
    assert [line.Operation for line in default] == ["Opret"] + ["Laes"] * 99
    assert len(_not_own(adgangslog(part, MaksAntal=1000))) == 101


@pytest.mark.parametrize("maks", [1001, -1], ids=["1001", "negative"])
def test_maks_antal_out_of_range_is_ugyldig_vaerdi(maks, soap, ctx, new_person):
    info = soap.fault("ListAdgangslog", "UGYLDIG_VAERDI", **ctx, Part=new_person(), MaksAntal=maks)
    assert "MaksAntal" in info.text_of("UGYLDIG_VAERDI")


@pytest.mark.parametrize("kind", ["person", "company"])
def test_a_part_never_seen_has_no_lines(kind, adgangslog, new_person, new_company):
    part = new_person() if kind == "person" else new_company()
    assert _not_own(adgangslog(part)) == []


def test_the_log_is_per_municipality(soap, context_for, adgangslog, new_person, kontaktdata):
    part = new_person()
    aarhus = context_for(municipality=ks.AARHUS)
    soap.call("Opret", **aarhus, Kontaktdata=kontaktdata.minimal(part))
    soap.call("Laes", **aarhus, Part=part)
    assert _not_own(adgangslog(part, municipality=ks.KOEBENHAVN)) == []
    assert [line.Operation for line in _not_own(adgangslog(part, municipality=ks.AARHUS))] == \
        ["Opret", "Laes"]


@pytest.mark.parametrize("part,code", [({"CPRNummer": "2902001234"}, "UGYLDIG_CPR"),
                                       ({"CVRNummer": "12345678"}, "UGYLDIG_CVR")],
                         ids=["cpr", "cvr"])
def test_listadgangslog_of_an_invalid_identifier(part, code, soap, ctx):
    info = soap.fault("ListAdgangslog", code, **ctx, Part=part)
    assert next(iter(part)) in info.text_of(code)
