"""Faults through zeep: each is a zeep.exceptions.Fault over HTTP 500 whose detail is a
ServiceplatformFault (valid against xsd/sp/ServiceplatformFault_1.xsd) with the contract's
ErrorCode, a non-empty ErrorText, and faultcode Client (Server for INTERN_FEJL).

For a broken value rule the contract says "ErrorText names the element": those tests check that the
element's name is in the text. A refused Opret must store nothing: some tests read the part after.
"""

import uuid

import pytest

import kontaktdata_support as ks


def _cvr_with_leading_zero():
    """A number that passes modulus 11 but starts with 0: invalid by the first-digit rule."""
    for n in range(1000000, 9999999):
        candidate = "0" + str(n)
        if sum(int(d) * w for d, w in zip(candidate, ks.CVR_WEIGHTS)) % 11 == 0:
            return candidate
    raise AssertionError("unreachable")


# --- existence -----------------------------------------------------------------------------------

def test_duplicate_opret_is_part_findes_allerede(soap, ctx, new_person, kontaktdata):
    part = new_person()
    soap.call("Opret", **ctx, Kontaktdata=kontaktdata.minimal(part))
    soap.fault("Opret", "PART_FINDES_ALLEREDE", **ctx, Kontaktdata=kontaktdata.minimal(part))
    # The first one stands.
    assert soap.call("Laes", **ctx, Part=part).Version == 1


@pytest.mark.parametrize("kind", ["person", "company"])
def test_laes_of_an_unknown_part_is_part_findes_ikke(kind, soap, ctx, new_person, new_company):
    part = new_person() if kind == "person" else new_company()
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=part)


# --- context -------------------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["AuthorityContext", "InvocationContext", "both"])
@pytest.mark.parametrize("operation", ["Laes", "Opret"])
def test_missing_context_is_manglende_kontekst(operation, missing, soap, context_for, new_person,
                                               kontaktdata):
    context = context_for(authority=missing == "InvocationContext",
                          invocation=missing == "AuthorityContext")
    part = new_person()
    args = {"Part": part} if operation == "Laes" else {"Kontaktdata": kontaktdata.minimal(part)}
    soap.fault(operation, "MANGLENDE_KONTEKST", **context, **args)


# (AuthorityContext_1.xsd limits MunicipalityCVR to 8 digits by a pattern, as the Serviceplatform
# does: a value with a letter is not valid against the XSD, so it is left to the raw-HTTP tier.)
@pytest.mark.parametrize("municipality", ["12345678", _cvr_with_leading_zero()])
def test_invalid_municipality_cvr_is_ugyldig_cvr(municipality, soap, context_for, new_person):
    info = soap.fault("Laes", "UGYLDIG_CVR", **context_for(municipality=municipality), Part=new_person())
    assert "MunicipalityCVR" in info.text_of("UGYLDIG_CVR")


# --- access --------------------------------------------------------------------------------------

def test_unknown_user_system_is_adgang_naegtet(soap, context_for, new_person):
    soap.fault("Laes", "ADGANG_NAEGTET", **context_for(user_system=str(uuid.uuid4())), Part=new_person())


def test_demo_fagsystem_may_not_opret(soap, context_for, new_person, kontaktdata):
    part = new_person()
    soap.fault("Opret", "ADGANG_NAEGTET", **context_for(user_system=ks.DEMO_FAGSYSTEM),
               Kontaktdata=kontaktdata.minimal(part))
    soap.fault("Laes", "PART_FINDES_IKKE", **context_for(), Part=part)


def test_demo_fagsystem_may_not_read_koebenhavn(soap, context_for, new_person):
    soap.fault("Laes", "ADGANG_NAEGTET",
               **context_for(user_system=ks.DEMO_FAGSYSTEM, municipality=ks.KOEBENHAVN), Part=new_person())


def test_a_valid_cvr_that_is_no_granted_municipality_is_adgang_naegtet(soap, context_for, new_person):
    # 12345674 is the demo company: a valid CVR number, but not a municipality the ESDH is granted.
    soap.fault("Laes", "ADGANG_NAEGTET", **context_for(municipality="12345674"), Part=new_person())


# --- identifiers ---------------------------------------------------------------------------------

INVALID_CPR = [
    "3102701234",  # 31 February
    "0113701234",  # month 13
    "0000701234",  # day 0
    "2902001234",  # 29 February 1900 (7th digit 0: the 1900s; 1900 was no leap year)
    "010170123x",  # not digits
    "010170123",   # 9 digits
]


@pytest.mark.parametrize("cpr", INVALID_CPR)
def test_invalid_cpr_in_laes_is_ugyldig_cpr(cpr, soap, ctx):
    info = soap.fault("Laes", "UGYLDIG_CPR", **ctx, Part={"CPRNummer": cpr})
    assert "CPRNummer" in info.text_of("UGYLDIG_CPR")


def test_invalid_cpr_in_opret_is_ugyldig_cpr(soap, ctx, kontaktdata):
    soap.fault("Opret", "UGYLDIG_CPR", **ctx, Kontaktdata=kontaktdata.minimal({"CPRNummer": "3102701234"}))


def test_the_century_rule_accepts_29_february_2000(soap, ctx):
    """0-3 in the 7th digit means the 1900s (2902001234 is invalid above); 4 with YY <= 36 means
    2000-2036, and 29 February 2000 existed: the number is valid, the part just unknown."""
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part={"CPRNummer": "2902004" + "%03d" % (uuid.uuid4().int % 1000)})


@pytest.mark.parametrize("cvr", ["12345678", _cvr_with_leading_zero(), "1234567x", "1234567"])
def test_invalid_cvr_part_is_ugyldig_cvr(cvr, soap, ctx, kontaktdata):
    info = soap.fault("Laes", "UGYLDIG_CVR", **ctx, Part={"CVRNummer": cvr})
    assert "CVRNummer" in info.text_of("UGYLDIG_CVR")


def test_invalid_cvr_in_opret_is_ugyldig_cvr(soap, ctx, kontaktdata):
    soap.fault("Opret", "UGYLDIG_CVR", **ctx, Kontaktdata=kontaktdata.minimal({"CVRNummer": "12345678"}))


# --- values in Kontaktdata -----------------------------------------------------------------------

def _opret_fault(soap, ctx, data, code, element):
    info = soap.fault("Opret", code, **ctx, Kontaktdata=data)
    if element:
        assert element in info.text_of(code), "ErrorText %r does not name %s" % (info.text_of(code), element)
    # Nothing was stored.
    soap.fault("Laes", "PART_FINDES_IKKE", **ctx, Part=data["Part"])
    return info


@pytest.mark.parametrize("where", ["Kontaktkanal", "Kontaktform"])
@pytest.mark.parametrize("kle", ["32.1", "3", "32.18.4", "32-18", "32.18.", "ab.cd"])
def test_invalid_sagsomraade_is_ugyldig_sagsomraade(where, kle, soap, ctx, new_person, kontaktdata):
    data = kontaktdata.minimal(new_person())
    data[where][0]["Sagsomraade"] = kle
    _opret_fault(soap, ctx, data, "UGYLDIG_SAGSOMRAADE", "Sagsomraade")


@pytest.mark.parametrize("element", ["Sprog", "Tolkesprog"])
# Format errors (not two or three lower-case letters) and well-formed codes that iso-codes does
# not know ("xx", "dk" -- Danish is "da" --, "xxx").
@pytest.mark.parametrize("sprog", ["d1", "DA", "d", "dk1", "xx", "dk", "xxx"])
def test_invalid_language_is_ugyldig_sprog(element, sprog, soap, ctx, new_person, kontaktdata):
    data = kontaktdata.minimal(new_person())
    data["Kontaktform"][0][element] = sprog
    if element == "Tolkesprog":
        data["Kontaktform"][0]["Tolkebehov"] = True
    _opret_fault(soap, ctx, data, "UGYLDIG_SPROG", element)


def _with_address(part, address):
    return {"Part": part, "Kontaktadresse": [address]}


BAD_VALUES = [
    ("Email", {"Adressetype": "EMAIL", "Email": "anna.example.dk"}),
    ("Email", {"Adressetype": "EMAIL", "Email": "anna@@example.dk"}),
    ("Email", {"Adressetype": "EMAIL", "Email": "anna@example"}),
    ("Email", {"Adressetype": "EMAIL", "Email": "anna@ex@ample.dk"}),
    ("Mobilnummer", {"Adressetype": "MOBILTELEFON", "Mobilnummer": "1234567"}),
    ("Mobilnummer", {"Adressetype": "MOBILTELEFON", "Mobilnummer": "+4512a45678"}),
    ("Mobilnummer", {"Adressetype": "MOBILTELEFON", "Mobilnummer": "+1234567"}),
    # Not a valid Danish number by libphonenumber (too short once the spaces are dropped).
    ("Mobilnummer", {"Adressetype": "MOBILTELEFON", "Mobilnummer": "+45 2012 34"}),
    ("Postnummer", {"Adressetype": "POSTADRESSE", "Postadresse": {"DanskAdresse": {
        "Vejnavn": "Testvej", "Husnummer": "1", "Postnummer": "800", "Postdistrikt": "Aarhus C"}}}),
    ("Postnummer", {"Adressetype": "POSTADRESSE", "Postadresse": {"DanskAdresse": {
        "Vejnavn": "Testvej", "Husnummer": "1", "Postnummer": "80O0", "Postdistrikt": "Aarhus C"}}}),
    ("Landekode", {"Adressetype": "POSTADRESSE", "Postadresse": {"Adresselinjer": {
        "Adresselinje": ["Somewhere 1"], "Landekode": "dk"}}}),
    # Two upper-case letters, but no ISO 3166-1 country in iso-codes (ZZ is user-assigned).
    ("Landekode", {"Adressetype": "POSTADRESSE", "Postadresse": {"Adresselinjer": {
        "Adresselinje": ["Somewhere 1"], "Landekode": "ZZ"}}}),
]


@pytest.mark.parametrize("element,address", BAD_VALUES,
                         ids=["%s=%s" % (e, a.get("Email") or a.get("Mobilnummer") or
                                         str(a.get("Postadresse", {}).get("DanskAdresse", {}).get("Postnummer", ""))
                                         or a["Postadresse"]["Adresselinjer"]["Landekode"])
                              for e, a in BAD_VALUES])
def test_invalid_value_is_ugyldig_vaerdi(element, address, soap, ctx, new_person):
    _opret_fault(soap, ctx, _with_address(new_person(), address), "UGYLDIG_VAERDI", element)


def test_address_value_not_fitting_its_type_is_ugyldig_vaerdi(soap, ctx, new_person):
    data = _with_address(new_person(), {"Adressetype": "EMAIL", "Mobilnummer": "+4520123456"})
    _opret_fault(soap, ctx, data, "UGYLDIG_VAERDI", None)


def test_two_channels_of_one_scope_with_the_same_prioritet_is_ugyldig_vaerdi(soap, ctx, new_person):
    data = {"Part": new_person(), "Kontaktkanal": [
        {"Kanal": "DIGITAL_POST", "Sagsomraade": "32.18", "Prioritet": 1},
        {"Kanal": "PERSONLIGT_FREMMOEDE", "Sagsomraade": "32.18", "Prioritet": 1},
    ]}
    _opret_fault(soap, ctx, data, "UGYLDIG_VAERDI", "Prioritet")


# --- references ----------------------------------------------------------------------------------

def _ref_case(kanal, address_type):
    """A channel `kanal` naming an address of `address_type` (None: an address that is not there)."""
    def build(part, new_id):
        values = {
            "POSTADRESSE": {"Postadresse": {"DanskAdresse": {
                "Vejnavn": "Testvej", "Husnummer": "1", "Postnummer": "8000", "Postdistrikt": "Aarhus C"}}},
            "EMAIL": {"Email": "ref@example.dk"},
            "MOBILTELEFON": {"Mobilnummer": "+4520123456"},
            "DIGITAL_POST": {},
        }
        aid = new_id()
        addresses = []
        if address_type is not None:
            addresses.append(dict({"AdresseID": aid, "Adressetype": address_type}, **values[address_type]))
        return {"Part": part, "Kontaktadresse": addresses,
                "Kontaktkanal": [{"Kanal": kanal, "AdresseID": new_id() if address_type is None else aid,
                                  "Prioritet": 1}]}
    return build


REFERENCE_CASES = [
    ("EMAIL", None), ("BREVPOST", None), ("SMS", None), ("TELEFON", None),
    ("SMS", "EMAIL"), ("TELEFON", "POSTADRESSE"), ("EMAIL", "MOBILTELEFON"),
    ("BREVPOST", "EMAIL"), ("BREVPOST", "DIGITAL_POST"),
]


@pytest.mark.parametrize("kanal,address_type", REFERENCE_CASES,
                         ids=["%s->%s" % (k, t or "missing") for k, t in REFERENCE_CASES])
def test_channel_naming_a_missing_or_unfitting_address_is_ugyldig_reference(
        kanal, address_type, soap, ctx, new_person, kontaktdata):
    data = _ref_case(kanal, address_type)(new_person(), kontaktdata.new_id)
    _opret_fault(soap, ctx, data, "UGYLDIG_REFERENCE", None)
