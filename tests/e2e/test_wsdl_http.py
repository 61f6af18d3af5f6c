"""The running server serves its contract over HTTP GET: `?wsdl` (with soap:address rewritten to the
server's URL) and every XSD where its relative schemaLocation resolves from the `?wsdl` URL, so that
SoapUI, zeep and node-soap can import the contract from a running server."""

import urllib.parse

import pytest
import requests
from lxml import etree

import kontaktdata_support as ks

pytestmark = pytest.mark.raw_http


def _get(url):
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, "GET %s answered HTTP %s" % (url, response.status_code)
    ctype = response.headers.get("Content-Type", "")
    assert "xml" in ctype, "GET %s answered Content-Type %r" % (url, ctype)
    return response.content


def _normalized(data):
    """XML without comments and whitespace-only text, canonicalized: compares content, not layout."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True, resolve_entities=False,
                             no_network=True)
    root = etree.fromstring(data, parser)
    return etree.tostring(root, method="c14n")


def _address(root):
    addresses = root.findall("wsdl:service/wsdl:port/soap:address", ks.NSMAP)
    assert len(addresses) == 1, "expected one soap:address, found %d" % len(addresses)
    return addresses[0]


def test_wsdl_is_served_with_the_server_url_as_soap_address(base_url, wsdl_url):
    root = ks.parse_xml(_get(wsdl_url))
    assert root.tag == "{%s}definitions" % ks.NS_WSDL
    assert _address(root).get("location") == base_url


def test_served_wsdl_is_the_contract_apart_from_its_address(wsdl_url):
    served = ks.parse_xml(_get(wsdl_url))
    local = ks.parse_xml(ks.WSDL_PATH.read_bytes())
    for root in (served, local):
        _address(root).set("location", "ADDRESS")
    assert _normalized(etree.tostring(served)) == _normalized(etree.tostring(local)), \
        "the served WSDL differs from wsdl/context/KontaktdataService.wsdl beyond soap:address"


def _schema_locations(root):
    for ref in root.iter("{%s}include" % ks.NS_XSD, "{%s}import" % ks.NS_XSD,
                         "{%s}redefine" % ks.NS_XSD):
        location = ref.get("schemaLocation")
        if location:
            yield location


def test_every_schema_is_served_at_its_relative_location(wsdl_url):
    """Follows every schemaLocation from the ?wsdl URL (the WSDL includes
    ../../xsd/KontaktdataServiceMsg.xsd, which imports sp/*_1.xsd and includes
    KontaktdataServiceTypes.xsd) and checks each is served and is the repository's file."""
    todo = [(wsdl_url, ks.WSDL_PATH)]
    seen = {}
    while todo:
        url, local = todo.pop()
        root = ks.parse_xml(_get(url))
        for location in _schema_locations(root):
            child_url = urllib.parse.urljoin(url, location)
            child_local = (local.parent / location).resolve()
            if child_url in seen:
                continue
            seen[child_url] = child_local
            assert child_local.is_file(), "%s (from %s) has no local counterpart" % (location, url)
            served = _get(child_url)
            assert _normalized(served) == _normalized(child_local.read_bytes()), \
                "%s is not the repository's %s" % (child_url, child_local.relative_to(ks.REPO_ROOT))
            todo.append((child_url, child_local))
    served_files = {p.relative_to(ks.XSD_DIR).as_posix() for p in seen.values()}
    # xsd/external/ holds the register contracts (SF1520, SF1530) that the service calls as a
    # client; they are not part of the service's own contract and are not served.
    own = {p.relative_to(ks.XSD_DIR).as_posix() for p in ks.XSD_DIR.rglob("*.xsd")
           if "external" not in p.relative_to(ks.XSD_DIR).parts}
    assert served_files == own, "not every XSD is reachable from ?wsdl: %s" % sorted(served_files)


def test_unknown_path_is_not_served(base_url):
    """Only the contract's own files are served; a path outside them is refused."""
    url = urllib.parse.urljoin(base_url, "/xsd/../../../../etc/passwd")
    response = requests.get(url, timeout=30)
    assert response.status_code != 200 or b"root:" not in response.content
    response = requests.get(urllib.parse.urljoin(base_url, "/xsd/findes-ikke.xsd"), timeout=30)
    assert response.status_code != 200


def test_zeep_loads_the_contract_from_the_server_and_calls_the_same_url(client, base_url, wsdl_url):
    assert client.wsdl.location == wsdl_url
    # The default service proxy uses the served soap:address: the URL under test.
    assert client.service._binding_options["address"] == base_url
    binding = client.wsdl.bindings["{%s}KontaktdataBinding" % ks.NS_KD]
    assert sorted(binding._operations) == sorted(ks.OPERATIONS)
    for name, operation in binding._operations.items():
        assert operation.soapaction == ks.soap_action(name)
