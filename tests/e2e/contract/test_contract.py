"""Contract tier (CTest label `contract`): the WSDL, the XSDs and the golden requests, without a server.

    /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e/contract

(a) every XSD compiles (lxml, and xmllint where installed), and so do the schemas embedded in the
    WSDL's wsdl:types;
(b) the Body child of every golden request in tests/data/ is valid against
    xsd/KontaktdataServiceMsg.xsd, and the golden requests use only the fictitious demo data;
(c) the Body child of every file in tests/data/invalid/ is REJECTED (the validator can fail);
(d) the WSDL: every schema is elementFormDefault="qualified"; all twelve operations are in the
    portType and the binding, each declares the fault ServiceplatformFault, and each soapAction is
    the namespace followed by the operation name; zeep reads the WSDL as clients will.
"""

import pathlib
import shutil
import subprocess

import pytest
import zeep
from lxml import etree

from kontaktdata_support import (
    AARHUS, DATA_DIR, DEMO_CPR, DEMO_CVR, DEMO_ESDH, INVALID_DIR, KLE_RE, MSG_XSD, NS_AUTCTX,
    NS_CALLCTX, NS_INVCTX, NS_KD, NS_SOAPENV, NS_SPF, NS_WSDL, NS_WSDLSOAP, NS_XSD, NSMAP,
    OPERATIONS, REPO_ROOT, UUID_RE, WSDL_PATH, XSD_DIR, body_child, cpr_is_valid, cvr_is_valid, msg_schema,
    parse_xml, schema_errors, soap_action)

ALL_XSDS = sorted(XSD_DIR.rglob("*.xsd"))
GOLDEN = sorted(DATA_DIR.glob("*-request.xml"))
INVALID = sorted(INVALID_DIR.glob("*.xml"))


def _ids(paths, base):
    return [str(p.relative_to(base)) for p in paths]


def test_the_files_are_there():
    assert WSDL_PATH.is_file()
    names = {p.relative_to(XSD_DIR).as_posix() for p in ALL_XSDS}
    assert {"KontaktdataServiceMsg.xsd", "KontaktdataServiceTypes.xsd",
            "sp/CallContext_1.xsd", "sp/AuthorityContext_1.xsd", "sp/InvocationContext_1.xsd",
            "sp/ServiceplatformFault_1.xsd"} <= names
    assert len(INVALID) >= 3, "tests/data/invalid/ must hold files that fail validation"


# --- (a) every schema compiles -------------------------------------------------------------------

@pytest.mark.parametrize("xsd", ALL_XSDS, ids=_ids(ALL_XSDS, XSD_DIR))
def test_xsd_compiles_with_lxml(xsd):
    doc = etree.parse(str(xsd))
    etree.XMLSchema(doc)  # raises XMLSchemaParseError if it does not compile


@pytest.mark.parametrize("xsd", ALL_XSDS, ids=_ids(ALL_XSDS, XSD_DIR))
def test_xsd_compiles_with_xmllint(xsd, tmp_path):
    """The empty-instance trick: xmllint compiles the schema before it validates, and says
    'failed to compile' (exit 5) when it cannot; validating a dummy <x/> then fails (exit 3),
    which is expected."""
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        pytest.skip("xmllint (libxml2-utils) is not installed; lxml compiled the schema above")
    instance = tmp_path / "empty.xml"
    instance.write_text("<x/>\n")
    run = subprocess.run([xmllint, "--noout", "--nonet", "--schema", str(xsd), str(instance)],
                         capture_output=True, text=True, timeout=60)
    assert "failed to compile" not in run.stderr, run.stderr
    assert run.returncode != 5, run.stderr


def _wsdl():
    return etree.parse(str(WSDL_PATH))


def _embedded_schemas():
    return _wsdl().getroot().findall("wsdl:types/xsd:schema", NSMAP)


def test_wsdl_embedded_schemas_compile():
    schemas = _embedded_schemas()
    assert schemas, "wsdl:types holds no xsd:schema"
    for s in schemas:
        # Parse each embedded schema as a document of its own, based at the WSDL's URL, so that its
        # relative schemaLocations resolve as they do for a client that loads the WSDL.
        doc = etree.fromstring(etree.tostring(s), base_url=WSDL_PATH.as_uri())
        etree.XMLSchema(etree.ElementTree(doc))


def test_wsdl_schema_locations_resolve():
    for s in _embedded_schemas():
        for ref in s.findall("xsd:include", NSMAP) + s.findall("xsd:import", NSMAP):
            loc = ref.get("schemaLocation")
            assert loc, "an include/import without schemaLocation in wsdl:types"
            target = (WSDL_PATH.parent / loc).resolve()
            assert target.is_file(), "%s does not resolve from the WSDL (%s)" % (loc, target)
            assert XSD_DIR in target.parents, "%s resolves outside xsd/" % loc


# --- (d) elementFormDefault ----------------------------------------------------------------------

@pytest.mark.parametrize("xsd", ALL_XSDS, ids=_ids(ALL_XSDS, XSD_DIR))
def test_xsd_is_qualified(xsd):
    root = etree.parse(str(xsd)).getroot()
    assert root.tag == "{%s}schema" % NS_XSD
    assert root.get("elementFormDefault") == "qualified", \
        "%s must say elementFormDefault=\"qualified\" (else gSOAP generates unqualified elements)" % xsd


def test_wsdl_schemas_are_qualified():
    for s in _embedded_schemas():
        assert s.get("elementFormDefault") == "qualified", \
            "wsdl:types schema %s must say elementFormDefault=\"qualified\"" % s.get("targetNamespace")


# --- (d) the WSDL's operations -------------------------------------------------------------------

def _local(qname_text):
    return qname_text.rpartition(":")[2]


def test_wsdl_names_and_namespace():
    root = _wsdl().getroot()
    assert root.get("targetNamespace") == NS_KD
    assert [p.get("name") for p in root.findall("wsdl:portType", NSMAP)] == ["KontaktdataPortType"]
    bindings = root.findall("wsdl:binding", NSMAP)
    assert [b.get("name") for b in bindings] == ["KontaktdataBinding"]
    assert _local(bindings[0].get("type")) == "KontaktdataPortType"
    services = root.findall("wsdl:service", NSMAP)
    assert [s.get("name") for s in services] == ["KontaktdataService"]
    ports = services[0].findall("wsdl:port", NSMAP)
    assert [p.get("name") for p in ports] == ["KontaktdataPort"]
    assert _local(ports[0].get("binding")) == "KontaktdataBinding"
    assert ports[0].find("soap:address", NSMAP).get("location"), "soap:address without location"
    # The invocation-context variant carries no WS-Policy.
    assert b"Policy" not in WSDL_PATH.read_bytes()


def test_wsdl_port_type_has_every_operation_with_the_fault():
    root = _wsdl().getroot()
    ops = root.findall("wsdl:portType/wsdl:operation", NSMAP)
    assert sorted(o.get("name") for o in ops) == sorted(OPERATIONS)
    messages = {m.get("name"): m for m in root.findall("wsdl:message", NSMAP)}
    for op in ops:
        name = op.get("name")
        inp, out = op.find("wsdl:input", NSMAP), op.find("wsdl:output", NSMAP)
        assert _local(inp.get("message")) == name + "RequestMessage"
        assert _local(out.get("message")) == name + "ResponseMessage"
        faults = op.findall("wsdl:fault", NSMAP)
        assert [f.get("name") for f in faults] == ["ServiceplatformFault"], name
        fault_msg = messages[_local(faults[0].get("message"))]
        parts = fault_msg.findall("wsdl:part", NSMAP)
        assert len(parts) == 1
        prefix, _, local = parts[0].get("element").rpartition(":")
        assert (fault_msg.nsmap[prefix], local) == (NS_SPF, "ServiceplatformFault"), name
        for msg_name, part_name, element in ((name + "RequestMessage", "request", name + "Request"),
                                             (name + "ResponseMessage", "response", name + "Response")):
            assert msg_name in messages, "missing wsdl:message %s" % msg_name
            parts = messages[msg_name].findall("wsdl:part", NSMAP)
            assert [p.get("name") for p in parts] == [part_name], msg_name
            prefix, _, local = parts[0].get("element").rpartition(":")
            assert (messages[msg_name].nsmap[prefix], local) == (NS_KD, element), msg_name


def test_wsdl_binding_has_every_operation_document_literal_with_soap_action():
    root = _wsdl().getroot()
    binding = root.find("wsdl:binding", NSMAP)
    sb = binding.find("soap:binding", NSMAP)
    assert sb.get("style") == "document"
    assert sb.get("transport") == "http://schemas.xmlsoap.org/soap/http"
    ops = binding.findall("wsdl:operation", NSMAP)
    assert sorted(o.get("name") for o in ops) == sorted(OPERATIONS)
    for op in ops:
        name = op.get("name")
        assert op.find("soap:operation", NSMAP).get("soapAction") == soap_action(name), name
        for io in ("wsdl:input", "wsdl:output"):
            body = op.find(io + "/soap:body", NSMAP)
            assert body is not None and body.get("use") == "literal", (name, io)
        faults = op.findall("wsdl:fault", NSMAP)
        assert [f.get("name") for f in faults] == ["ServiceplatformFault"], name
        sf = faults[0].find("soap:fault", NSMAP)
        assert sf is not None and sf.get("name") == "ServiceplatformFault" and sf.get("use") == "literal"


def test_msg_xsd_has_request_and_response_of_every_operation_starting_with_the_contexts():
    root = etree.parse(str(MSG_XSD)).getroot()
    elements = {e.get("name"): e for e in root.findall("xsd:element", NSMAP)}
    types = {t.get("name"): t for t in root.findall("xsd:complexType", NSMAP)}
    for op in OPERATIONS:
        assert op + "Request" in elements and op + "Response" in elements, op
        rtype = types[_local(elements[op + "Request"].get("type"))]
        seq = rtype.find("xsd:sequence", NSMAP)
        first = [c for c in seq if isinstance(c.tag, str)][:3]
        refs = []
        for c in first:
            prefix, _, local = c.get("ref", "").rpartition(":")
            refs.append((root.nsmap.get(prefix), local, c.get("minOccurs")))
        assert refs == [(NS_CALLCTX, "CallContext", "0"), (NS_AUTCTX, "AuthorityContext", "0"),
                        (NS_INVCTX, "InvocationContext", "0")], op


def test_zeep_reads_the_wsdl_as_a_client_will():
    client = zeep.Client(str(WSDL_PATH))
    binding = client.wsdl.bindings["{%s}KontaktdataBinding" % NS_KD]
    assert sorted(binding._operations) == sorted(OPERATIONS)
    for name, op in binding._operations.items():
        assert op.soapaction == soap_action(name)
        assert op.input.body.qname == "{%s}%sRequest" % (NS_KD, name)
        assert op.output.body.qname == "{%s}%sResponse" % (NS_KD, name)


# --- (b) the golden requests ---------------------------------------------------------------------

def test_a_golden_request_for_every_operation():
    assert sorted(p.name for p in GOLDEN) == sorted(op.lower() + "-request.xml" for op in OPERATIONS)


def _operation_of(path):
    stem = path.name[:-len("-request.xml")]
    return next(op for op in OPERATIONS if op.lower() == stem)


@pytest.mark.parametrize("path", GOLDEN, ids=_ids(GOLDEN, DATA_DIR))
def test_golden_request_is_valid(path):
    op = _operation_of(path)
    envelope = parse_xml(path.read_bytes())
    assert envelope.tag == "{%s}Envelope" % NS_SOAPENV, "a golden request is a SOAP 1.1 envelope"
    request = body_child(envelope)
    assert request.tag == "{%s}%sRequest" % (NS_KD, op)
    errors = schema_errors(msg_schema(), request)
    assert not errors, "%s is not valid against %s:\n%s" % (path.name, MSG_XSD.name, "\n".join(errors))


@pytest.mark.parametrize("path", GOLDEN, ids=_ids(GOLDEN, DATA_DIR))
def test_golden_request_has_the_context_of_the_demo(path):
    request = body_child(parse_xml(path.read_bytes()))
    children = [c for c in request if isinstance(c.tag, str)]
    tags = [c.tag for c in children]
    if tags[0] == "{%s}CallContext" % NS_CALLCTX:
        tags = tags[1:]
    assert tags[:2] == ["{%s}AuthorityContext" % NS_AUTCTX, "{%s}InvocationContext" % NS_INVCTX]
    assert request.findtext("autctx:AuthorityContext/autctx:MunicipalityCVR", namespaces=NSMAP) == AARHUS
    assert request.findtext("invctx:InvocationContext/invctx:UserSystemUUID",
                            namespaces=NSMAP) == DEMO_ESDH


def test_some_golden_requests_carry_a_call_context_and_some_do_not():
    with_cc = [p.name for p in GOLDEN
               if body_child(parse_xml(p.read_bytes())).find("callctx:CallContext", NSMAP) is not None]
    assert 0 < len(with_cc) < len(GOLDEN), with_cc


@pytest.mark.parametrize("path", GOLDEN, ids=_ids(GOLDEN, DATA_DIR))
def test_golden_request_uses_only_fictitious_demo_data_and_follows_the_value_rules(path):
    request = body_child(parse_xml(path.read_bytes()))
    for cpr in request.iterfind(".//kd:CPRNummer", NSMAP):
        assert cpr.text in DEMO_CPR, "%s: CPR %s is not a demo person" % (path.name, cpr.text)
        assert cpr_is_valid(cpr.text)
    for cvr in request.iterfind(".//kd:CVRNummer", NSMAP):
        assert cvr.text in DEMO_CVR, "%s: CVR %s is not a demo company" % (path.name, cvr.text)
        assert cvr_is_valid(cvr.text)
    assert cvr_is_valid(request.findtext(".//autctx:MunicipalityCVR", namespaces=NSMAP))
    for e in request.iter():
        if not isinstance(e.tag, str):
            continue
        local = etree.QName(e).localname
        if local.endswith("UUID") or local == "AdresseID":
            assert UUID_RE.match(e.text), "%s: %s %r is not a lower-case UUID" % (path.name, local, e.text)
        elif local == "Sagsomraade":
            assert KLE_RE.match(e.text), "%s: Sagsomraade %r" % (path.name, e.text)
        elif local == "Email":
            assert e.text.count("@") == 1 and "." in e.text.split("@")[1], e.text
        elif local == "Mobilnummer":
            t = e.text
            assert (len(t) == 8 and t.isdigit()) or (t[0] == "+" and t[1:].isdigit()
                                                    and 8 <= len(t) - 1 <= 15), t
        elif local == "Postnummer":
            assert len(e.text) == 4 and e.text.isdigit(), e.text
    # Every channel that names an address names one in the same Kontaktdata, of a fitting type.
    fitting = {"BREVPOST": "POSTADRESSE", "EMAIL": "EMAIL", "SMS": "MOBILTELEFON",
               "TELEFON": "MOBILTELEFON"}
    for kd in request.iterfind(".//kd:Kontaktdata", NSMAP):
        kinds = {a.findtext("kd:AdresseID", namespaces=NSMAP): a.findtext("kd:Adressetype", namespaces=NSMAP)
                 for a in kd.iterfind("kd:Kontaktadresse", NSMAP)}
        for ch in kd.iterfind("kd:Kontaktkanal", NSMAP):
            kanal = ch.findtext("kd:Kanal", namespaces=NSMAP)
            if kanal in fitting:
                ref = ch.findtext("kd:AdresseID", namespaces=NSMAP)
                assert kinds.get(ref) == fitting[kanal], "%s: %s channel names %s" % (path.name, kanal, ref)


def test_opret_golden_request_is_rich():
    kd = body_child(parse_xml((DATA_DIR / "opret-request.xml").read_bytes())).find("kd:Kontaktdata", NSMAP)
    text = lambda path: [e.text for e in kd.iterfind(path, NSMAP)]  # noqa: E731
    assert set(text("kd:Kontaktadresse/kd:Adressetype")) == {"POSTADRESSE", "EMAIL", "MOBILTELEFON", "DIGITAL_POST"}
    assert set(text("kd:Kontaktkanal/kd:Kanal")) == {"DIGITAL_POST", "BREVPOST", "EMAIL", "SMS", "TELEFON",
                                                     "PERSONLIGT_FREMMOEDE"}
    for path in ("kd:Kontaktadresse/kd:Postadresse/kd:DanskAdresse/kd:Etage",
                 "kd:Kontaktadresse/kd:Postadresse/kd:DanskAdresse/kd:Sidedoer",
                 "kd:Kontaktadresse/kd:Postadresse/kd:Adresselinjer/kd:Landekode",
                 "kd:Kontaktadresse/kd:Email", "kd:Kontaktadresse/kd:Mobilnummer",
                 "kd:Kontaktadresse/kd:GyldigFra", "kd:Kontaktadresse/kd:GyldigTil",
                 "kd:Kontaktadresse/kd:SidstVerificeret",
                 "kd:Kontaktkanal/kd:GyldigFra", "kd:Kontaktkanal/kd:GyldigTil",
                 "kd:Kontaktform/kd:Tiltaleform", "kd:Kontaktform/kd:Medie",
                 "kd:Kontaktform/kd:Tolkebehov", "kd:Kontaktform/kd:Tolkesprog",
                 "kd:Kontaktform/kd:Sagsomraade"):
        assert text(path), "opret-request.xml has no %s" % path
    assert len(text("kd:Kontaktadresse/kd:Postadresse/kd:Adresselinjer/kd:Adresselinje")) == 5
    assert {"32.18", "27.24"} <= set(text("kd:Kontaktkanal/kd:Sagsomraade"))
    assert any(ch.find("kd:Sagsomraade", NSMAP) is None for ch in kd.iterfind("kd:Kontaktkanal", NSMAP))
    assert set(text("kd:Kontaktform/kd:Medie")) == {"TEKST", "LYD", "VIDEO", "PUNKTSKRIFT"}
    assert set(text("kd:Kontaktform/kd:Tiltaleform")) == {"DU", "DE"}
    assert any(len(m) == 8 for m in text("kd:Kontaktadresse/kd:Mobilnummer")), "a bare 8-digit mobile"
    assert body_child(parse_xml((DATA_DIR / "opret-request.xml").read_bytes())).findtext(
        "kd:Note", namespaces=NSMAP)


def test_laes_golden_request_reads_the_part_that_opret_golden_request_creates():
    laes = body_child(parse_xml((DATA_DIR / "laes-request.xml").read_bytes()))
    opret = body_child(parse_xml((DATA_DIR / "opret-request.xml").read_bytes()))
    assert laes.findtext("kd:Part/kd:CPRNummer", namespaces=NSMAP) == \
        opret.findtext("kd:Kontaktdata/kd:Part/kd:CPRNummer", namespaces=NSMAP)


@pytest.mark.parametrize("path", GOLDEN, ids=_ids(GOLDEN, DATA_DIR))
def test_zeep_parses_the_golden_request(path):
    """zeep and lxml read the contract alike: zeep's own deserializer accepts the request."""
    client = _zeep_client()
    request = body_child(parse_xml(path.read_bytes()))
    element = client.get_element(request.tag)
    value = element.parse(request, client.wsdl.types)
    assert value is not None


_client = None


def _zeep_client():
    global _client
    if _client is None:
        _client = zeep.Client(str(WSDL_PATH))
    return _client


def test_shipped_example_requests_are_valid_and_use_demo_data():
    """Any example request the project ships outside tests/data/ (deploy/examples/*-request.xml,
    if there are any) is held to the same rules as the golden requests."""
    for path in sorted((REPO_ROOT / "deploy" / "examples").glob("*-request.xml")):
        test_golden_request_is_valid(path)
        test_golden_request_has_the_context_of_the_demo(path)
        test_golden_request_uses_only_fictitious_demo_data_and_follows_the_value_rules(path)


# --- (c) the invalid files -----------------------------------------------------------------------

@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID, INVALID_DIR))
def test_invalid_request_is_rejected(path):
    envelope = parse_xml(path.read_bytes())  # well-formed: only the schema may reject it
    request = body_child(envelope)
    assert request.tag.startswith("{%s}" % NS_KD) and request.tag.endswith("Request")
    errors = schema_errors(msg_schema(), request)
    assert errors, "%s was accepted by %s, but it must fail validation" % (path.name, MSG_XSD.name)


def test_invalid_files_cover_order_unknown_element_and_length():
    names = {p.name for p in INVALID}
    assert any("order" in n for n in names)
    assert any("unknown-element" in n for n in names)
    assert any("overlong" in n for n in names)
