"""The registers made slow or unavailable mid-test, through the register simulator's GET /control
(CONTRACT.md: "the call never waits longer than its configured registry timeout"; issue 4, section
4): answers still come within the timeout, from the stored data and the last cached register data,
with REGISTER_UTILGAENGELIG; repeated failures open the circuit breaker so that later calls do not
wait at all; and address protection fails closed when CPR does not answer and nothing is cached.

The server's registry.* settings come from KONTAKTDATA_E2E_REGISTRY_* (deploy/test.sh gives the
e2e server a short breaker cool-down and refresh age so that these tests run in seconds). Every
test here uses the register_outage fixture, which puts the simulator back in normal mode afterwards
-- also when the test fails -- and waits until both registers answer through the server again.

Time bounds are generous: a call answers within the timeout plus MARGIN_S; a call while the
breaker is open answers in well under the timeout.
"""

import time

import pytest

import kontaktdata_support as ks
from conftest import cpr_part

ANNA, BO = ks.DEMO_CPR[0], ks.DEMO_CPR[1]
ANNA_ADRESSE = ks.dansk("Vestergade", "12", "1", "th", "8000", "Aarhus C")
MARGIN_S = 1.5


def stored(part, kontaktdata):
    """A postal address and an e-mail, both channels for all case areas."""
    post_id, email_id = kontaktdata.new_id(), kontaktdata.new_id()
    return {
        "Part": part,
        "Kontaktadresse": [
            {"AdresseID": post_id, "Adressetype": "POSTADRESSE",
             "Postadresse": kontaktdata.dansk_adresse()},
            {"AdresseID": email_id, "Adressetype": "EMAIL", "Email": "udfald@example.dk"},
        ],
        "Kontaktkanal": [{"Kanal": "BREVPOST", "AdresseID": post_id, "Prioritet": 1},
                         {"Kanal": "EMAIL", "AdresseID": email_id, "Prioritet": 2}],
    }


def timed(anvisning, parts, **kwargs):
    start = time.monotonic()
    answers = anvisning(parts, **kwargs)
    return answers, time.monotonic() - start


def slow_enough(registry):
    """A delay of slow mode that no call can wait out."""
    return int(registry.timeout_s * 1000 * 10)


@pytest.mark.parametrize("mode", ["slow", "unavailable", "drop"])
def test_parties_never_looked_up_are_answered_within_the_timeout_without_register_data(
        mode, register_outage, registry, anvisning, soap, ctx, new_person, new_company,
        kontaktdata):
    """A person and a company that no register call has been made for, with stored data; CPR
    and CVR answer slowly (beyond the timeout), with HTTP 503, or not at all. The answer comes
    within the timeout (plus a margin), holds the stored channels, nothing from a register, and
    REGISTER_UTILGAENGELIG (not UKENDT_I_REGISTER: nobody said the numbers are unknown)."""
    person, company = new_person(), new_company()
    for part in (person, company):
        soap.call("Opret", **ctx, Kontaktdata=stored(part, kontaktdata))
    post = ks.postadresse_key(kontaktdata.dansk_adresse())
    register_outage.control(mode, delay_ms=slow_enough(registry))

    answers, took = timed(anvisning, [person, company])
    assert took < registry.timeout_s + MARGIN_S, "answered after %.2f s" % took
    if mode == "slow":
        # The registers were asked, and waited for up to the timeout: not answered from a shortcut.
        assert took >= 0.8 * registry.timeout_s, "answered after %.2f s" % took
    for a in answers:
        assert a.Status == "KONTAKTDATA"
        assert ks.kanaler(a) == [("BREVPOST", "KONTAKTDATA", post),
                                 ("EMAIL", "KONTAKTDATA", "udfald@example.dk")]
        assert a.RegistreretAdresse is None
        assert ks.advarsler(a) == ["REGISTER_UTILGAENGELIG"]


def test_a_party_cached_earlier_gets_the_cached_register_data(register_outage, registry,
                                                               anvisning, demo_parts):
    """Anna, looked up while CPR answers. Within registry.refresh_s her cached answer is used
    without asking CPR (so CPR's outage is not even noticed); once older, CPR is asked, does not
    answer, and the cached answer is used with REGISTER_UTILGAENGELIG."""
    part = cpr_part(ANNA)
    demo_parts.clear(part)
    expected = [("DIGITAL_POST", "CPR", None), ("BREVPOST", "CPR", ANNA_ADRESSE)]

    time.sleep(registry.refresh_s + 0.3)  # whatever is cached for Anna is old: CPR is asked now
    a = anvisning.one(part)
    assert (ks.kanaler(a), ks.advarsler(a)) == (expected, [])

    register_outage.control("unavailable")
    a = anvisning.one(part)
    assert (ks.kanaler(a), ks.advarsler(a)) == (expected, []), \
        "an answer younger than registry.refresh_s is used without asking CPR"

    time.sleep(registry.refresh_s + 0.3)
    a, took = timed(anvisning, [part])
    a = a[0]
    assert took < registry.timeout_s + MARGIN_S
    assert a.Status == "KUN_REGISTER"
    assert ks.kanaler(a) == expected
    assert ks.registreret(a) == ("Anna Jensen", ANNA_ADRESSE)
    assert ks.advarsler(a) == ["REGISTER_UTILGAENGELIG"]

    # Slow rather than unavailable: the same, after waiting for the timeout.
    register_outage.control("slow", delay_ms=slow_enough(registry))
    a, took = timed(anvisning, [part])
    assert took < registry.timeout_s + MARGIN_S
    assert (ks.kanaler(a[0]), ks.advarsler(a[0])) == (expected, ["REGISTER_UTILGAENGELIG"])


def test_repeated_failures_open_the_breaker_and_later_calls_answer_fast(
        register_outage, registry, anvisning, new_person):
    """CPR unavailable: after registry.breaker_failures failed calls the breaker opens. Then CPR is
    made slow (a call would wait the whole timeout): while the breaker is open calls answer at
    once, without asking it. After the cool-down, with CPR answering again, the trial call closes
    the breaker and register data comes back."""
    register_outage.control("unavailable")
    for _ in range(registry.breaker_failures + 1):
        answers, took = timed(anvisning, [new_person()])
        assert took < registry.timeout_s + MARGIN_S
        assert ks.advarsler(answers[0]) == ["REGISTER_UTILGAENGELIG"]
    opened = time.monotonic()

    register_outage.control("slow", delay_ms=slow_enough(registry))
    fast = []
    while not fast or time.monotonic() - opened < 0.5 * registry.breaker_open_s:
        answers, took = timed(anvisning, [new_person(), new_person()])
        assert [ks.advarsler(a) for a in answers] == [["REGISTER_UTILGAENGELIG"]] * 2
        fast.append(took)
        if len(fast) >= 3:
            break
    assert max(fast) < 0.5 * registry.timeout_s, \
        "with the breaker open, calls took %s s (timeout %.1f s)" % (fast, registry.timeout_s)

    register_outage.control("normal")
    time.sleep(registry.breaker_open_s + 0.3)
    a = anvisning.one(cpr_part(ANNA))
    assert ks.advarsler(a) == [] and ks.registreret(a) == ("Anna Jensen", ANNA_ADRESSE)
    assert ks.advarsler(anvisning.one(new_person())) == ["UKENDT_I_REGISTER"]


def test_protection_fails_closed_when_cpr_does_not_answer_and_nothing_is_cached(
        register_outage, registry, soap, ctx, anvisning, context_for, new_person, kontaktdata):
    """A person CPR has never been asked about (so his protection is unknown) with a stored
    postal address; CPR unavailable. The fagsystem gets the postal address withheld from Laes and
    List and left out of HentKontaktanvisning; the ESDH system, which may see protected
    addresses, gets it. Once CPR answers (it does not know the number: no protection), the
    fagsystem gets it in full."""
    part = new_person()
    data = stored(part, kontaktdata)
    soap.call("Opret", **ctx, Kontaktdata=data)
    post_id = data["Kontaktadresse"][0]["AdresseID"]
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    register_outage.control("unavailable")

    def postal(kd):
        return next(a for a in kd.Kontaktadresse if a.AdresseID == post_id)

    seen = postal(soap.call("Laes", **fagsystem, Part=part))
    assert seen.Tilbageholdt is True and seen.Postadresse is None
    seen = postal(soap.call("List", **fagsystem, Part=[part])[0].Kontaktdata)
    assert seen.Tilbageholdt is True and seen.Postadresse is None
    a = anvisning.one(part, context=fagsystem)
    assert ks.kanaler(a) == [("EMAIL", "KONTAKTDATA", "udfald@example.dk")]
    assert ks.advarsler(a) == ["REGISTER_UTILGAENGELIG"]
    esdh = postal(soap.call("Laes", **ctx, Part=part))
    assert not esdh.Tilbageholdt and esdh.Postadresse is not None

    register_outage.control("normal")
    time.sleep(registry.breaker_open_s + 0.3)  # in case those failures opened the breaker
    seen = postal(soap.call("Laes", **fagsystem, Part=part))
    assert not seen.Tilbageholdt
    assert ks.postadresse_key(seen.Postadresse) == ks.postadresse_key(kontaktdata.dansk_adresse())


def test_a_protected_persons_cached_protection_holds_when_cpr_does_not_answer(
        register_outage, registry, soap, anvisning, demo_parts, context_for, kontaktdata):
    """Bo, protected in CPR and cached: with CPR unavailable, the cached protection still
    withholds his stored postal address from the fagsystem, and no address from CPR leaves."""
    part = cpr_part(BO)
    data = stored(part, kontaktdata)
    demo_parts.store(data)
    post_id = data["Kontaktadresse"][0]["AdresseID"]
    fagsystem = context_for(user_system=ks.DEMO_FAGSYSTEM)
    anvisning.one(part)  # CPR answers: Bo's protection is cached
    register_outage.control("unavailable")
    time.sleep(registry.refresh_s + 0.3)

    seen = next(a for a in soap.call("Laes", **fagsystem, Part=part).Kontaktadresse
                if a.AdresseID == post_id)
    assert seen.Tilbageholdt is True and seen.Postadresse is None
    a = anvisning.one(part, context=fagsystem)
    assert ks.kanaler(a) == [("EMAIL", "KONTAKTDATA", "udfald@example.dk")]
    assert ks.advarsler(a) == ["ADRESSEBESKYTTELSE", "REGISTER_UTILGAENGELIG"]
    assert a.RegistreretAdresse is None
