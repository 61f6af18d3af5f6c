"""Fixtures of the e2e tier: a zeep client of the RUNNING server, the context elements, and builders
of parts and contact data.

The server's base URL comes from the environment variable KONTAKTDATA_E2E_URL, e.g.
http://127.0.0.1:18080/kontaktdata. Without it every e2e test FAILS (it does not skip): a green
e2e run must mean that the server was actually tested.

zeep loads the contract from the server itself (`<url>?wsdl`, which includes the XSDs by their
relative paths), never from the local files, and calls the same URL. Every exchange is recorded
raw, as on the wire, by a recording transport; after each test every response is validated with
lxml: the Body child of a normal response against xsd/KontaktdataServiceMsg.xsd, the detail of a
fault against xsd/sp/ServiceplatformFault_1.xsd (and every request zeep sent against the message
schema too, so that a mistake in a test cannot pass for a server error).

The HentKontaktanvisning tests also use the register simulator that the server asks as CPR and
CVR (KONTAKTDATA_E2E_SIMULATOR_URL) and the server's register settings
(KONTAKTDATA_E2E_REGISTRY_*), both exported by deploy/test.sh; see the fixtures at the end.

The contract tier (tests/e2e/contract) uses none of these fixtures.
"""

import datetime
import os
import random
import sys
import time
import uuid

import pytest
import requests
import zeep
import zeep.exceptions
import zeep.transports

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import kontaktdata_support as ks  # noqa: E402

URL_VARIABLE = "KONTAKTDATA_E2E_URL"

# One UserUUID per test run, so that Registrering/UserUUID shows this run's calls.
RUN_USER_UUID = str(uuid.uuid4())
TIMEOUT = 30  # seconds per HTTP call


def pytest_report_header(config):
    url = os.environ.get(URL_VARIABLE, "").strip()
    return "Kontaktdata e2e: %s=%s" % (URL_VARIABLE, url or "(not set: every e2e test fails)")


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        pytest.fail(
            "%s is not set. The e2e tests need a running Kontaktdata server: start one (e.g. "
            "deploy/run.sh) and export %s=http://127.0.0.1:<port>/kontaktdata (the URL the server "
            "serves, equal to the soap:address of its ?wsdl)." % (URL_VARIABLE, URL_VARIABLE),
            pytrace=False)
    return url


@pytest.fixture(scope="session")
def wsdl_url(base_url):
    return base_url + "?wsdl"


class Exchange:
    """One HTTP exchange as it went over the wire."""

    def __init__(self, address, request_body, request_headers, response):
        self.address = address
        self.request_body = request_body
        self.request_headers = dict(request_headers)
        self.status = response.status_code
        self.response_headers = dict(response.headers)
        self.response_body = response.content

    def __repr__(self):
        return "Exchange(%s, status=%s)" % (self.request_headers.get("SOAPAction"), self.status)


class RecordingTransport(zeep.transports.Transport):
    """A zeep transport that keeps every SOAP call's raw request and response."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exchanges = []

    def post(self, address, message, headers):
        response = super().post(address, message, headers)
        self.exchanges.append(Exchange(address, message, headers, response))
        return response


@pytest.fixture(scope="session")
def transport():
    return RecordingTransport(timeout=TIMEOUT, operation_timeout=TIMEOUT)


@pytest.fixture(scope="session")
def client(wsdl_url, transport):
    """A zeep client built from the server's own ?wsdl (not the local files)."""
    settings = zeep.Settings(strict=True, xml_huge_tree=False)
    try:
        return zeep.Client(wsdl_url, transport=transport, settings=settings)
    except requests.exceptions.ConnectionError as exc:
        pytest.fail("cannot load %s: is the server running? (%s)" % (wsdl_url, exc), pytrace=False)


@pytest.fixture(scope="session")
def service(client, base_url):
    """The service proxy, bound explicitly to the URL under test."""
    return client.create_service("{%s}KontaktdataBinding" % ks.NS_KD, base_url)


class Call:
    """One call made through Soap.call: the operation, who made it (UserSystemUUID, UserUUID,
    OnBehalfOfUser, from InvocationContext), its CallersServiceCallIdentifier, and whether it was
    answered normally (ok True) or with a fault (ok False)."""

    def __init__(self, operation, call_id, kwargs):
        self.operation = operation
        self.call_id = call_id
        invocation = kwargs.get("InvocationContext") or {}
        self.user_system = invocation.get("UserSystemUUID")
        self.user = invocation.get("UserUUID")
        self.on_behalf_of = invocation.get("OnBehalfOfUser")
        self.ok = None

    def __repr__(self):
        return "Call(%s, %s, ok=%s)" % (self.operation, self.call_id, self.ok)


class Soap:
    """What a test uses to call the server: the service proxy, the raw exchanges of this test, and
    a helper that expects a fault."""

    def __init__(self, service, transport):
        self.service = service
        self.transport = transport
        self.first = len(transport.exchanges)
        self.calls = []

    @property
    def exchanges(self):
        return self.transport.exchanges[self.first:]

    @property
    def last(self):
        assert self.exchanges, "no SOAP call was made"
        return self.exchanges[-1]

    def call(self, operation, **kwargs):
        """Calls `operation` through zeep. A context made by make_context without an explicit
        call_id gets a fresh CallersServiceCallIdentifier for this one call (the service treats a
        repeated identifier of the same system as a retry of the earlier write); the identifier
        used and the outcome are recorded in `calls`."""
        kwargs, call_id = with_fresh_call_id(kwargs)
        record = Call(operation, call_id, kwargs)
        self.calls.append(record)
        try:
            result = getattr(self.service, operation)(**kwargs)
        except zeep.exceptions.Fault:
            record.ok = False
            raise
        record.ok = True
        return result

    @property
    def last_call_id(self):
        """The CallersServiceCallIdentifier of the last call (None: the call carried none)."""
        assert self.calls, "no SOAP call was made"
        return self.calls[-1].call_id

    def fault(self, operation, code, faultcode=None, **kwargs):
        """Calls `operation` and asserts it answers a SOAP fault with ServiceplatformFault `code`
        (faultcode Client; Server for INTERN_FEJL/MIDLERTIDIG_FEJL) over HTTP 500.
        Returns the parsed FaultInfo."""
        with pytest.raises(zeep.exceptions.Fault) as excinfo:
            self.call(operation, **kwargs)
        fault = excinfo.value
        # zeep's own view: Fault.detail is the SOAP 1.1 <detail>, holding a ServiceplatformFault.
        assert fault.detail is not None, "zeep Fault without detail: %r" % fault.message
        spf = fault.detail.find("{%s}ServiceplatformFault" % ks.NS_SPF)
        assert spf is not None, "zeep Fault.detail holds no ServiceplatformFault"
        assert not ks.schema_errors(ks.fault_schema(), spf)
        # The wire's view (faultcode resolved as a QName, the detail validated, HTTP status).
        exchange = self.last
        assert exchange.status == 500, "a SOAP 1.1 fault goes out as HTTP 500, got %s" % exchange.status
        info = ks.FaultInfo(ks.parse_xml(exchange.response_body)).check(code, faultcode)
        assert fault.code and fault.code.rpartition(":")[2] == info.faultcode[1]
        return info


@pytest.fixture
def soap(service, transport):
    """Per test: the service and the raw exchanges of this test. At teardown, every request and
    response of the test is validated against the contract's XSDs."""
    s = Soap(service, transport)
    yield s
    problems = []
    for i, ex in enumerate(s.exchanges):
        action = (ex.request_headers.get("SOAPAction") or "").strip('"')
        operation = action[len(ks.NS_KD):] if action.startswith(ks.NS_KD) else None
        try:
            request = ks.body_child(ks.parse_xml(ex.request_body))
            errors = ks.schema_errors(ks.msg_schema(), request)
            assert not errors, "the request zeep sent is not valid (a test bug): %s" % errors
            envelope = ks.check_response_envelope(ex.response_body, operation)
            is_fault = ks.body_child(envelope).tag == "{%s}Fault" % ks.NS_SOAPENV
            assert ex.status == (500 if is_fault else 200), \
                "HTTP %s for a %s" % (ex.status, "fault" if is_fault else "response")
            if is_fault:
                ks.assert_no_internals(ks.FaultInfo(envelope))
            ctype = ex.response_headers.get("Content-Type", "")
            assert ctype.startswith("text/xml"), "SOAP 1.1 answers text/xml, got %r" % ctype
        except AssertionError as exc:
            problems.append("exchange %d (%s): %s" % (i + 1, operation, exc))
        except Exception as exc:  # e.g. an unparsable response
            problems.append("exchange %d (%s): %r" % (i + 1, operation, exc))
    if problems:
        pytest.fail("responses that break the contract:\n" + "\n".join(problems), pytrace=False)


# --- context elements ----------------------------------------------------------------------------

# The placeholder that Soap.call replaces by a fresh CallersServiceCallIdentifier for each call.
AUTO_CALL_ID = "e2e-auto-call-id"


def new_call_id():
    return "e2e-" + uuid.uuid4().hex[:24]


def make_context(municipality=ks.AARHUS, user_system=ks.DEMO_ESDH, user=RUN_USER_UUID,
                 call_context=True, authority=True, invocation=True, on_behalf_of=None,
                 call_id=None):
    """The three context elements as zeep keyword arguments. They are body elements, the first
    children of every request element, not SOAP headers.

    call_id: None (the default) gives every call made with this context a fresh
    CallersServiceCallIdentifier (Soap.call fills it in), so that reusing a context never makes a
    write look like a retry; a string is sent as it is on every call (a test of safe retries);
    False sends none. The identifier goes into both CallContext and InvocationContext (the
    Serviceplatform has it in both), and so does OnBehalfOfUser."""
    ctx = {}
    if call_id is None:
        call_id = AUTO_CALL_ID
    if call_context:
        ctx["CallContext"] = {"AccountingInfo": "e2e"}
        if call_id:
            ctx["CallContext"]["CallersServiceCallIdentifier"] = call_id
        if on_behalf_of:
            ctx["CallContext"]["OnBehalfOfUser"] = on_behalf_of
    if authority:
        ctx["AuthorityContext"] = {"MunicipalityCVR": municipality}
    if invocation:
        ctx["InvocationContext"] = {
            "ServiceAgreementUUID": ks.SERVICE_AGREEMENT_UUID,
            "UserSystemUUID": user_system,
            "UserUUID": user,
            "ServiceUUID": ks.SERVICE_UUID,
        }
        if call_id:
            ctx["InvocationContext"]["CallersServiceCallIdentifier"] = call_id
        if on_behalf_of:
            ctx["InvocationContext"]["OnBehalfOfUser"] = on_behalf_of
    return ctx


def with_fresh_call_id(kwargs):
    """(kwargs with AUTO_CALL_ID replaced by one fresh identifier, the identifier the call
    carries or None). The caller's dicts are not changed."""
    kwargs = dict(kwargs)
    fresh = None
    call_id = None
    for name in ("CallContext", "InvocationContext"):
        element = kwargs.get(name)
        if not isinstance(element, dict) or "CallersServiceCallIdentifier" not in element:
            continue
        value = element["CallersServiceCallIdentifier"]
        if value == AUTO_CALL_ID:
            fresh = fresh or new_call_id()
            value = fresh
            kwargs[name] = dict(element, CallersServiceCallIdentifier=value)
        call_id = call_id or value
    return kwargs, call_id


@pytest.fixture
def ctx():
    """The default context: Aarhus Kommune, the Demo ESDH system, this run's UserUUID."""
    return make_context()


@pytest.fixture
def context_for():
    """A factory of contexts: context_for(municipality=..., user_system=..., authority=False, ...)."""
    return make_context


@pytest.fixture
def user_uuid():
    return RUN_USER_UUID


# --- parts ---------------------------------------------------------------------------------------

def cpr_part(cpr):
    return {"CPRNummer": cpr}


def cvr_part(cvr):
    return {"CVRNummer": cvr}


@pytest.fixture
def new_cpr():
    """A factory of fresh synthetic valid CPR numbers (see kontaktdata_support.synthetic_cpr)."""
    return ks.synthetic_cpr


@pytest.fixture
def new_cvr():
    """A factory of fresh synthetic valid CVR numbers (see kontaktdata_support.synthetic_cvr)."""
    return ks.synthetic_cvr


@pytest.fixture
def new_person(new_cpr):
    """A Part of a fresh synthetic person."""
    return lambda: cpr_part(new_cpr())


@pytest.fixture
def new_company(new_cvr):
    """A Part of a fresh synthetic company."""
    return lambda: cvr_part(new_cvr())


def new_id():
    return str(uuid.uuid4())


def dansk_adresse(etage=True):
    adresse = {"Vejnavn": "Testvej", "Husnummer": "17B"}
    if etage:
        adresse.update({"Etage": "st", "Sidedoer": "tv"})
    adresse.update({"Postnummer": "8000", "Postdistrikt": "Aarhus C"})
    return {"DanskAdresse": adresse}


def minimal_kontaktdata(part):
    """Contact data with one Danish address, one postal channel and one form."""
    aid = new_id()
    return {
        "Part": part,
        "Kontaktadresse": [{"AdresseID": aid, "Adressetype": "POSTADRESSE",
                            "Postadresse": dansk_adresse(etage=False)}],
        "Kontaktkanal": [{"Kanal": "BREVPOST", "AdresseID": aid, "Prioritet": 1}],
        "Kontaktform": [{"Sprog": "da", "Prioritet": 1}],
    }


CPH = datetime.timezone(datetime.timedelta(hours=1))


def full_kontaktdata(part):
    """Contact data with every kind of address (DanskAdresse with and without Etage/Sidedoer,
    Adresselinjer with Landekode, EMAIL, MOBILTELEFON as a bare 8-digit number, DIGITAL_POST, and
    one address without AdresseID), every channel, channels and forms in two KLE scopes (32.18 and
    27.24) and unscoped, and forms with every field."""
    ids = {k: new_id() for k in ("dansk", "dansk2", "udland", "email", "mobil", "digital")}
    adresser = [
        {"AdresseID": ids["dansk"], "Adressetype": "POSTADRESSE", "Postadresse": dansk_adresse(),
         "SidstVerificeret": datetime.datetime(2025, 3, 14, 10, 15, 30, 123456, tzinfo=CPH)},
        {"AdresseID": ids["dansk2"], "Adressetype": "POSTADRESSE",
         "Postadresse": dansk_adresse(etage=False)},
        {"AdresseID": ids["udland"], "Adressetype": "POSTADRESSE",
         "Postadresse": {"Adresselinjer": {
             "Adresselinje": ["Calle del Sol 4, 2º B", "29640 Fuengirola", "Málaga"],
             "Landekode": "ES"}},
         "GyldigFra": datetime.date(2026, 1, 1), "GyldigTil": datetime.date(2026, 4, 1)},
        {"AdresseID": ids["email"], "Adressetype": "EMAIL", "Email": "Test.Person@Example.dk",
         "SidstVerificeret": datetime.datetime(2025, 6, 1, 8, 0, 0, tzinfo=datetime.timezone.utc)},
        {"AdresseID": ids["mobil"], "Adressetype": "MOBILTELEFON", "Mobilnummer": "20123456",
         "GyldigFra": datetime.date(2025, 1, 1)},
        {"AdresseID": ids["digital"], "Adressetype": "DIGITAL_POST"},
        # No AdresseID: the service chooses one. No channel can name it in this request.
        {"Adressetype": "EMAIL", "Email": "uden-id@example.dk"},
    ]
    kanaler = [
        {"Kanal": "DIGITAL_POST", "Prioritet": 1},
        {"Kanal": "BREVPOST", "AdresseID": ids["udland"], "Prioritet": 2,
         "GyldigFra": datetime.date(2026, 1, 1), "GyldigTil": datetime.date(2026, 4, 1)},
        {"Kanal": "BREVPOST", "AdresseID": ids["dansk"], "Prioritet": 3},
        {"Kanal": "EMAIL", "AdresseID": ids["email"], "Sagsomraade": "32.18", "Prioritet": 1},
        {"Kanal": "SMS", "AdresseID": ids["mobil"], "Sagsomraade": "32.18", "Prioritet": 2},
        {"Kanal": "BREVPOST", "AdresseID": ids["dansk2"], "Sagsomraade": "32.18", "Prioritet": 3},
        {"Kanal": "TELEFON", "AdresseID": ids["mobil"], "Sagsomraade": "27.24", "Prioritet": 1,
         "GyldigFra": datetime.date(2025, 1, 1)},
        {"Kanal": "PERSONLIGT_FREMMOEDE", "Sagsomraade": "27.24", "Prioritet": 2},
    ]
    former = [
        {"Sprog": "da", "Tiltaleform": "DU", "Medie": "TEKST", "Tolkebehov": False, "Prioritet": 1},
        {"Sprog": "en", "Tiltaleform": "DE", "Medie": "LYD", "Tolkebehov": True,
         "Tolkesprog": "dsl", "Sagsomraade": "32.18", "Prioritet": 1},
        {"Sprog": "da", "Medie": "PUNKTSKRIFT", "Sagsomraade": "32.18", "Prioritet": 2},
        {"Sprog": "da", "Medie": "VIDEO", "Sagsomraade": "27.24", "Prioritet": 1},
    ]
    return {"Part": part, "Kontaktadresse": adresser, "Kontaktkanal": kanaler,
            "Kontaktform": former}


@pytest.fixture
def kontaktdata():
    """Builders: kontaktdata.minimal(part), kontaktdata.full(part), kontaktdata.new_id()."""
    class Builders:
        minimal = staticmethod(minimal_kontaktdata)
        full = staticmethod(full_kontaktdata)
        new_id = staticmethod(new_id)
        dansk_adresse = staticmethod(dansk_adresse)
    return Builders


@pytest.fixture
def opret(soap, ctx):
    """opret(kontaktdata, note=None, context=None) -> the OpretResponse, asserting Version 1."""
    def _opret(data, note=None, context=None):
        kwargs = dict(context or ctx)
        kwargs["Kontaktdata"] = data
        if note is not None:
            kwargs["Note"] = note
        response = soap.call("Opret", **kwargs)
        assert response.Version == 1
        return response
    return _opret


# --- raw HTTP ------------------------------------------------------------------------------------

@pytest.fixture
def post_raw(base_url):
    """post_raw(body_bytes, operation='Laes') -> requests.Response: a raw SOAP 1.1 POST."""
    def _post(body, operation="Laes", headers=None):
        h = {"Content-Type": "text/xml; charset=utf-8",
             "SOAPAction": '"%s"' % ks.soap_action(operation)}
        h.update(headers or {})
        return requests.post(base_url, data=body, headers=h, timeout=TIMEOUT)
    return _post


# --- helpers of issue 3: the feed, the access log, fresh parts, a valid request per operation ----

MAX_BATCH = 1000  # the contract's bound of List/Importer/HentKontaktanvisning and of MaksAntal


class Feed:
    """The change feed (ListHaendelser) of one municipality, read as the Demo ESDH system."""

    MAX_PAGES = 200  # a bound on one read: 200 000 events

    def __init__(self, soap):
        self.soap = soap

    def page(self, fra, maks=None, municipality=ks.AARHUS):
        kwargs = dict(make_context(municipality=municipality), FraSekvensnummer=fra)
        if maks is not None:
            kwargs["MaksAntal"] = maks
        page = self.soap.call("ListHaendelser", **kwargs)
        events = list(page.Haendelse or [])
        # The contract's paging rules hold for every page.
        numbers = [e.Sekvensnummer for e in events]
        assert numbers == sorted(set(numbers)), "Sekvensnummer not strictly increasing: %s" % numbers
        assert all(n >= fra for n in numbers), "a page from %d holds %s" % (fra, numbers)
        if maks is not None:
            assert len(events) <= maks, "MaksAntal %d, got %d events" % (maks, len(events))
        expected_next = numbers[-1] + 1 if numbers else fra
        assert page.NaesteSekvensnummer == expected_next, \
            "NaesteSekvensnummer %s, expected %s (last + 1, or FraSekvensnummer when empty)" % (
                page.NaesteSekvensnummer, expected_next)
        return events, page.NaesteSekvensnummer

    def head(self, municipality=ks.AARHUS):
        """The sequence number the next event will have at least: the smallest number from which
        the feed is empty now (found with pages of one event, doubling then halving)."""
        events, _ = self.page(0, 1, municipality)
        if not events:
            return 0
        lo = events[0].Sekvensnummer  # an event exists at lo
        hi = max(2 * lo, 1024)
        while True:
            events, _ = self.page(hi, 1, municipality)
            if not events:
                break
            lo, hi = events[0].Sekvensnummer, 2 * events[0].Sekvensnummer + 1024
        while hi - lo > 1:  # an event at lo, none from hi on
            mid = (lo + hi) // 2
            events, _ = self.page(mid, 1, municipality)
            if events:
                lo = events[0].Sekvensnummer
            else:
                hi = mid
        return hi

    def since(self, fra, part=None, municipality=ks.AARHUS):
        """Every event from `fra` to the end of the feed (pages of 1000), those of `part` only
        when it is given."""
        out = []
        for _ in range(self.MAX_PAGES):
            events, naeste = self.page(fra, MAX_BATCH, municipality)
            if not events:
                break
            out.extend(events)
            fra = naeste
        else:
            pytest.fail("the feed did not end within %d pages" % self.MAX_PAGES)
        if part is not None:
            out = [e for e in out if ks.same_part(e.Part, part)]
        return out


@pytest.fixture
def feed(soap):
    """feed.head(municipality), feed.since(fra, part=None, municipality), feed.page(fra, maks)."""
    return Feed(soap)


@pytest.fixture
def adgangslog(soap):
    """adgangslog(part, municipality=AARHUS, **Fra/Til/MaksAntal) -> the Logpost list, read by the
    Demo ESDH system."""
    def _read(part, municipality=ks.AARHUS, **kwargs):
        lines = soap.call("ListAdgangslog", **make_context(municipality=municipality), Part=part,
                          **kwargs)
        return list(lines or [])
    return _read


@pytest.fixture
def fresh_persons(soap, new_cpr):
    """fresh_persons(n, municipality=AARHUS) -> n distinct synthetic persons (Parts) that the
    municipality holds nothing for, checked with List (a random synthetic CPR number may have been
    stored by an earlier run against the same database; for one part the chance is negligible, for
    a thousand it is not)."""
    def _fresh(n, municipality=ks.AARHUS):
        chosen = []
        seen = set()
        for _ in range(20):
            candidates = []
            while len(candidates) < n - len(chosen):
                cpr = new_cpr()
                if cpr not in seen:
                    seen.add(cpr)
                    candidates.append(cpr)
            for i in range(0, len(candidates), MAX_BATCH):
                chunk = [cpr_part(c) for c in candidates[i:i + MAX_BATCH]]
                results = soap.call("List", **make_context(municipality=municipality), Part=chunk)
                assert len(results) == len(chunk)
                chosen.extend(p for p, r in zip(chunk, results) if r.Status == "IKKE_FUNDET")
            if len(chosen) == n:
                return chosen
        pytest.fail("could not find %d fresh synthetic persons" % n)
    return _fresh


def random_scope():
    """A random KLE number NN.NN.NN (main group 90-99), so that a test's Opgavesprog rule meets no
    other test's, in this run or an earlier one."""
    r = random.SystemRandom()
    return "%02d.%02d.%02d" % (r.randint(90, 99), r.randint(1, 99), r.randint(1, 99))


@pytest.fixture
def new_scope():
    return random_scope


def valid_request(operation, part, scope=None):
    """A request (after the context elements) that is valid for `operation`, for a part; a write
    only changes something when the context lets it through."""
    minimal = minimal_kontaktdata(part)
    return {
        "Laes": lambda: {"Part": part},
        "List": lambda: {"Part": [part, {"CVRNummer": ks.synthetic_cvr()}]},
        "Opret": lambda: {"Kontaktdata": minimal},
        "Ret": lambda: {"Kontaktdata": dict(minimal, Version=1)},
        "Passiver": lambda: {"Part": part, "Version": 1},
        "Slet": lambda: {"Part": part},
        "Importer": lambda: {"Kontaktdata": [minimal]},
        "HentKontaktanvisning": lambda: {"Sagsomraade": "32.18", "Part": [part]},
        "LaesOpgavesprog": lambda: {},
        "RetOpgavesprog": lambda: {"Sagsomraade": scope or random_scope(), "Sprog": ["da"]},
        "ListHaendelser": lambda: {"FraSekvensnummer": 1},
        "ListAdgangslog": lambda: {"Part": part},
    }[operation]()


@pytest.fixture
def request_for():
    """request_for(operation, part, scope=None): a valid request body (see valid_request)."""
    return valid_request


# --- issue 4: HentKontaktanvisning, the register simulator, demo parties -------------------------

SIMULATOR_VARIABLE = "KONTAKTDATA_E2E_SIMULATOR_URL"
# The server's registry.* settings, as deploy/test.sh exports them next to the ones it gives the
# server (the outage tests wait for the breaker and the refresh age, so they must know them).
REGISTRY_VARIABLES = {
    "timeout_ms": "KONTAKTDATA_E2E_REGISTRY_TIMEOUT_MS",
    "breaker_failures": "KONTAKTDATA_E2E_REGISTRY_BREAKER_FAILURES",
    "breaker_open_s": "KONTAKTDATA_E2E_REGISTRY_BREAKER_OPEN_S",
    "refresh_s": "KONTAKTDATA_E2E_REGISTRY_REFRESH_S",
}


class Registry:
    """The register settings of the server under test (registry.timeout_ms, breaker_failures,
    breaker_open_s, refresh_s), in seconds where the name says so."""

    def __init__(self, values):
        self.timeout_s = values["timeout_ms"] / 1000.0
        self.breaker_failures = values["breaker_failures"]
        self.breaker_open_s = values["breaker_open_s"]
        self.refresh_s = values["refresh_s"]


@pytest.fixture(scope="session")
def registry():
    """The server's register settings, from the KONTAKTDATA_E2E_REGISTRY_* variables that
    deploy/test.sh exports. Missing: the test FAILS, saying so; it does not skip."""
    values, missing = {}, []
    for key, variable in REGISTRY_VARIABLES.items():
        text = os.environ.get(variable, "").strip()
        if not text.isdigit():
            missing.append(variable)
        else:
            values[key] = int(text)
    if missing:
        pytest.fail("%s not set: these tests need to know the server's registry.* settings. "
                    "deploy/test.sh sets them; against another server export them to match its "
                    "configuration." % ", ".join(missing), pytrace=False)
    return Registry(values)


class Simulator:
    """The register simulator the server asks as CPR and CVR, controlled through GET /control."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    def control(self, mode=None, delay_ms=None):
        """Sets the mode (normal, slow, unavailable, drop) and the delay of slow mode; answers the
        state as a dict {"mode", "delay_ms"}."""
        query = {}
        if mode is not None:
            query["mode"] = mode
        if delay_ms is not None:
            query["delay_ms"] = str(int(delay_ms))
        response = requests.get(self.url + "/control", params=query, timeout=TIMEOUT)
        assert response.status_code == 200, "GET /control: HTTP %s %r" % (
            response.status_code, response.content[:200])
        state = response.json()
        if mode is not None:
            assert state["mode"] == mode, state
        return state


@pytest.fixture(scope="session")
def simulator():
    """The register simulator of the server under test (KONTAKTDATA_E2E_SIMULATOR_URL, e.g.
    http://127.0.0.1:8091, as deploy/test.sh exports it). Without it the test FAILS."""
    url = os.environ.get(SIMULATOR_VARIABLE, "").strip()
    if not url:
        pytest.fail("%s is not set: the test needs the register simulator that the server asks as "
                    "CPR and CVR (deploy/test.sh and deploy/run.sh start one; export its base URL, "
                    "e.g. http://127.0.0.1:8091)." % SIMULATOR_VARIABLE, pytrace=False)
    sim = Simulator(url)
    try:
        sim.control()
    except requests.exceptions.ConnectionError as exc:
        pytest.fail("the register simulator does not answer at %s (%s)" % (url, exc), pytrace=False)
    return sim


def hent(soap, parts, context=None, **kwargs):
    """HentKontaktanvisning for `parts` (dicts): asserts one Kontaktanvisning per part, in request
    order, each naming its part and passing ks.check_anvisning. Returns the list."""
    result = soap.call("HentKontaktanvisning", **(context or make_context()), Part=parts, **kwargs)
    result = list(result or [])
    assert len(result) == len(parts), "%d parts asked, %d answered" % (len(parts), len(result))
    for part, anvisning in zip(parts, result):
        assert ks.same_part(anvisning.Part, part), "answered out of request order"
        ks.check_anvisning(anvisning)
    return result


@pytest.fixture
def anvisning(soap):
    """anvisning(parts, context=None, Sagsomraade=..., Fortrolig=..., Virkningstidspunkt=...)
    -> the Kontaktanvisning list (see hent); anvisning.one(part, ...) -> the one item."""
    class Anvisning:
        def __call__(self, parts, context=None, **kwargs):
            return hent(soap, parts, context, **kwargs)

        def one(self, part, context=None, **kwargs):
            return hent(soap, [part], context, **kwargs)[0]
    return Anvisning()


@pytest.fixture
def register_outage(soap, simulator, registry):
    """For a test that makes the registers slow or unavailable: the simulator, in normal mode to
    begin with. ALWAYS afterwards (also on failure): normal mode again, a wait past the breaker's
    cool-down, and calls until CPR and CVR answer through the server again (the breaker's trial
    call closes it, an answer resets its count of failures), so that no later test meets an open
    or half-counted breaker."""
    if registry.breaker_open_s > 10 or registry.refresh_s > 10:
        pytest.fail("registry.breaker_open_s %d and registry.refresh_s %d are too long to wait out "
                    "in a test: serve with short ones, as deploy/test.sh does (2 s)"
                    % (registry.breaker_open_s, registry.refresh_s), pytrace=False)
    simulator.control("normal")
    yield simulator
    simulator.control("normal")
    time.sleep(registry.breaker_open_s + 0.3)
    deadline = time.monotonic() + 2 * registry.breaker_open_s + 4 * registry.timeout_s + 5
    while True:
        # Numbers nobody has looked up, so that the server must ask both registers (a cached
        # answer would not show whether a breaker is still open).
        answers = hent(soap, [cpr_part(ks.synthetic_cpr()), cvr_part(ks.synthetic_cvr())])
        if all(ks.advarsler(a) == ["UKENDT_I_REGISTER"] for a in answers):
            return
        if time.monotonic() > deadline:
            pytest.fail("the registers did not answer through the server again after the outage",
                        pytrace=False)
        time.sleep(0.5)


def request_form(kd):
    """A Kontaktdata read back (by the Demo ESDH system, which sees everything) as a request dict
    for Importer: no Version, Registrering or Tilbageholdt, no empty values."""
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()
                    if v is not None and v != [] and k not in ("Version", "Registrering",
                                                               "Tilbageholdt")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return clean(ks.plain(kd))


class DemoParts:
    """Stored data of the demo parties (DEMO-DATA.md) for one test. Their numbers are fixed, so a
    test that stores data for one (or needs none stored) must leave what was there before: the
    state of each part is noted when the test first touches it, and put back afterwards -- a part
    that held nothing is erased again (Slet), one that held data gets the same content back
    (Importer; passivated again if it was). All as the Demo ESDH system."""

    def __init__(self, soap):
        self.soap = soap
        self.before = {}  # (municipality, part key) -> (part, List Resultat as it was)

    def _list(self, part, municipality):
        return self.soap.call("List", **make_context(municipality=municipality), Part=[part])[0]

    def _note(self, part, municipality):
        key = (municipality, ks.part_key_of(part))
        if key not in self.before:
            self.before[key] = (part, self._list(part, municipality))
        return self._list(part, municipality)

    def clear(self, part, municipality=ks.AARHUS):
        """Leaves the part with no stored data in use: passivated if it holds any (HentKontakt-
        anvisning treats a passivated part as one with no stored data)."""
        now = self._note(part, municipality)
        if now.Status == "FUNDET" and now.Kontaktdata.Registrering.Livscyklus != "PASSIVERET":
            self.soap.call("Passiver", **make_context(municipality=municipality), Part=part,
                           Version=now.Kontaktdata.Version)

    def store(self, data, municipality=ks.AARHUS):
        """Stores `data` (a Kontaktdata dict) for its part, whatever was there (Importer)."""
        self._note(data["Part"], municipality)
        result = self.soap.call("Importer", **make_context(municipality=municipality),
                                Kontaktdata=[data])[0]
        assert result.Status in ("OPRETTET", "RETTET"), ks.plain(result)

    def restore(self):
        for (municipality, _), (part, was) in self.before.items():
            context = make_context(municipality=municipality)
            now = self._list(part, municipality)
            if was.Status != "FUNDET":
                if now.Status == "FUNDET":
                    self.soap.call("Slet", **context, Part=part,
                                   Note="e2e: demo part as it was before the test")
                continue
            result = self.soap.call("Importer", **context,
                                    Kontaktdata=[request_form(was.Kontaktdata)])[0]
            if was.Kontaktdata.Registrering.Livscyklus == "PASSIVERET":
                self.soap.call("Passiver", **context, Part=part, Version=result.Version)


@pytest.fixture
def demo_parts(soap):
    """demo_parts.clear(part, municipality=AARHUS), demo_parts.store(kontaktdata, municipality):
    stored data of the fixed demo parties, put back as it was after the test (DemoParts)."""
    parts = DemoParts(soap)
    yield parts
    parts.restore()
