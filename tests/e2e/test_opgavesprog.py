"""LaesOpgavesprog and RetOpgavesprog: per municipality, the languages (Sprog 1..n) a case area
(Sagsomraade, a KLE scope) may communicate in. RetOpgavesprog sets a rule and answers it, with the
languages in canonical form (dan -> da); with no Sprog it removes the rule and answers no
Opgavesprog. LaesOpgavesprog with a Sagsomraade answers the rule of exactly that scope (none: no
Opgavesprog), without one every rule of the municipality.

Every test uses a random scope of its own (main group 90-99) and removes its rule at the end, so
that reruns and other tests never meet its rules.
"""

import pytest

import kontaktdata_support as ks


@pytest.fixture
def scope(soap, context_for, new_scope):
    """A fresh scope; its rule is removed in Aarhus and København after the test."""
    s = new_scope()
    yield s
    for municipality in (ks.AARHUS, ks.KOEBENHAVN):
        try:
            soap.call("RetOpgavesprog", **context_for(municipality=municipality), Sagsomraade=s)
        except Exception:  # noqa: BLE001 - clean-up only; the test's own result stands
            pass


@pytest.fixture
def laes(soap, context_for):
    """laes(sagsomraade=None, municipality=AARHUS) -> [(Sagsomraade, sorted Sprog)]."""
    def _laes(sagsomraade=None, municipality=ks.AARHUS):
        kwargs = {} if sagsomraade is None else {"Sagsomraade": sagsomraade}
        answer = soap.call("LaesOpgavesprog", **context_for(municipality=municipality), **kwargs)
        return [_rule(o) for o in answer or []]
    return _laes


def _rule(opgavesprog):
    return (opgavesprog.Sagsomraade, sorted(opgavesprog.Sprog))


def test_set_read_change_and_remove_a_rule(soap, ctx, scope, laes):
    assert laes(scope) == []
    answer = soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope, Sprog=["da", "en", "dsl"])
    assert _rule(answer) == (scope, ["da", "dsl", "en"])
    assert laes(scope) == [(scope, ["da", "dsl", "en"])]
    assert (scope, ["da", "dsl", "en"]) in laes()

    answer = soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope, Sprog=["en"])
    assert _rule(answer) == (scope, ["en"])
    assert laes(scope) == [(scope, ["en"])]

    # No Sprog removes the rule: the response has no Opgavesprog.
    assert soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope) is None
    assert laes(scope) == []
    assert scope not in [s for s, _ in laes()]


def test_removing_a_rule_that_is_not_there_answers_no_opgavesprog(soap, ctx, scope):
    assert soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope) is None


def test_languages_are_stored_in_canonical_form(soap, ctx, scope, laes):
    answer = soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope, Sprog=["dan", "eng", "dsl"])
    assert _rule(answer) == (scope, ["da", "dsl", "en"])
    assert laes(scope) == [(scope, ["da", "dsl", "en"])]


def test_rules_of_each_scope_level_are_kept_apart(soap, ctx, scope, laes):
    """A rule for NN.NN and one for NN.NN.NN are two rules; reading one scope gives its own."""
    group = scope.rsplit(".", 1)[0]
    try:
        soap.call("RetOpgavesprog", **ctx, Sagsomraade=group, Sprog=["da"])
        soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope, Sprog=["da", "kl"])
        assert laes(group) == [(group, ["da"])]
        assert laes(scope) == [(scope, ["da", "kl"])]
        everything = laes()
        assert (group, ["da"]) in everything and (scope, ["da", "kl"]) in everything
    finally:
        soap.call("RetOpgavesprog", **ctx, Sagsomraade=group)


def test_rules_are_per_municipality(soap, context_for, scope, laes):
    soap.call("RetOpgavesprog", **context_for(municipality=ks.AARHUS), Sagsomraade=scope, Sprog=["en"])
    assert laes(scope, ks.KOEBENHAVN) == []
    soap.call("RetOpgavesprog", **context_for(municipality=ks.KOEBENHAVN), Sagsomraade=scope,
              Sprog=["de"])
    assert laes(scope, ks.AARHUS) == [(scope, ["en"])]
    assert laes(scope, ks.KOEBENHAVN) == [(scope, ["de"])]
    soap.call("RetOpgavesprog", **context_for(municipality=ks.KOEBENHAVN), Sagsomraade=scope)
    assert laes(scope, ks.AARHUS) == [(scope, ["en"])]


@pytest.mark.parametrize("kle", ["32.1", "3", "32.18.4", "32-18", "ab.cd"])
@pytest.mark.parametrize("operation", ["LaesOpgavesprog", "RetOpgavesprog"])
def test_invalid_sagsomraade_is_ugyldig_sagsomraade(operation, kle, soap, ctx):
    kwargs = {"Sagsomraade": kle}
    if operation == "RetOpgavesprog":
        kwargs["Sprog"] = ["da"]
    info = soap.fault(operation, "UGYLDIG_SAGSOMRAADE", **ctx, **kwargs)
    assert "Sagsomraade" in info.text_of("UGYLDIG_SAGSOMRAADE")


@pytest.mark.parametrize("sprog", [["xx"], ["da", "DA"], ["d1"], ["da", "xxx"]],
                         ids=["unknown", "upper-case", "digit", "one-of-two"])
def test_invalid_language_is_ugyldig_sprog_and_changes_nothing(sprog, soap, ctx, scope,
                                                               laes):
    soap.call("RetOpgavesprog", **ctx, Sagsomraade=scope, Sprog=["da"])
    info = soap.fault("RetOpgavesprog", "UGYLDIG_SPROG", **ctx, Sagsomraade=scope, Sprog=sprog)
    assert "Sprog" in info.text_of("UGYLDIG_SPROG")
    assert laes(scope) == [(scope, ["da"])]
