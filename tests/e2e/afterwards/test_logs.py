"""After the whole e2e tier: the logs of every server it ran (deploy/test.sh's and those the tests
started themselves, all in KONTAKTDATA_E2E_LOG_DIR) hold no personal data. No line may carry a
whole CPR number (only the masked DDMMYY-xxxx form), an e-mail address, a phone number, or a name
or postal address of the demo data; the demo CPR numbers and the contact values of the golden
requests (tests/data) are looked for by value, and CPR numbers, e-mail addresses and E.164
numbers of any value by their form (the e2e tests use fresh synthetic ones).

Registered in CTest as e2e.logs_without_personal_data, to run after e2e.zeep and e2e.node_soap.
"""

import json
import os
import pathlib
import re
import sys

import pytest
from lxml import etree

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import kontaktdata_support as ks  # noqa: E402

FIXTURE = ks.REPO_ROOT / "src" / "simulator" / "fixtures" / "registre.json"

CPR_FORM = re.compile(r"(?<![0-9A-Za-z])(\d{10})(?![0-9A-Za-z])")
CPR_WITH_DASH = re.compile(r"(?<![0-9A-Za-z])\d{6}-\d{4}(?![0-9A-Za-z])")
EMAIL_FORM = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
E164_FORM = re.compile(r"\+\d{8,15}(?!\d)")


def log_lines():
    folder = os.environ.get("KONTAKTDATA_E2E_LOG_DIR", "").strip()
    if not folder:
        pytest.fail("KONTAKTDATA_E2E_LOG_DIR is not set (deploy/test.sh exports it)", pytrace=False)
    files = sorted(pathlib.Path(folder).glob("*.log"))
    assert files, "no server log in %s" % folder
    for path in files:
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            yield "%s:%d" % (path.name, number), line


def known_values():
    """The demo CPR numbers (as given and as DDMMYY-NNNN), and every contact value, name and street
    of the golden requests and of the register simulator's demo persons and companies."""
    values = set(ks.DEMO_CPR) | {c[:6] + "-" + c[6:] for c in ks.DEMO_CPR}
    for path in ks.DATA_DIR.glob("*.xml"):
        tree = etree.parse(str(path))
        for name in ("Email", "Mobilnummer", "Vejnavn", "Adresselinje", "CPRNummer"):
            for element in tree.iter("{%s}%s" % (ks.NS_KD, name)):
                if element.text and len(element.text.strip()) >= 4:
                    values.add(element.text.strip())
    fixture = json.loads(FIXTURE.read_text())
    for person in fixture["cpr"]:
        navn = person.get("navn", {})
        if navn.get("fornavn") and navn.get("efternavn"):
            values.add("%s %s" % (navn["fornavn"], navn["efternavn"]))
        for key in ("aktuelAdresse", "kontaktAdresse"):
            adresse = person.get(key) or {}
            for field in ("vejnavn", "standardadresse"):
                if adresse.get(field):
                    values.add(adresse[field])
    return values


def test_the_logs_are_those_of_a_whole_e2e_run():
    requests = sum(1 for _, line in log_lines() if " request id=" in line)
    assert requests >= 1000, "only %d request lines: not the logs of a whole e2e run" % requests


SANITIZER_REPORT = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:")


def test_no_server_reported_a_sanitizer_finding():
    """In the sanitizer build (deploy/test.sh), a finding stops the server that made it with a
    report in its log; the servers the tests started and stopped have reported their leaks too."""
    reports = [where for where, line in log_lines() if SANITIZER_REPORT.search(line)]
    assert not reports, "sanitizer reports at %s" % ", ".join(reports[:10])


def test_no_log_line_holds_personal_data():
    values = known_values()
    hits = []
    for where, line in log_lines():
        found = [v for v in values if v in line]
        found += [m.group(1) for m in CPR_FORM.finditer(line) if ks.cpr_is_valid(m.group(1))]
        found += [m.group(0) for m in CPR_WITH_DASH.finditer(line)]
        found += [m.group(0) for m in EMAIL_FORM.finditer(line)]
        found += [m.group(0) for m in E164_FORM.finditer(line)]
        if found:
            hits.append("%s: %s" % (where, ", ".join(sorted(set(found)))))
    assert not hits, "personal data in %d log lines:\n%s" % (len(hits), "\n".join(hits[:30]))
