#!/usr/bin/python3
"""SOAP-level benchmark of Importer: parts per second for 1000-item batches, through the whole
server (HTTP, gSOAP, Xerces validation, mapping, domain rules, PostgreSQL), next to the ceiling
that parsing alone puts on it.

Not a CTest test. Start a server with the demo data and run the benchmark against it, with
Debian's interpreter (standard library only):

    deploy/run.sh                  # serves http://127.0.0.1:8080/kontaktdata; leave it running
    /usr/bin/python3 tests/bench/soap_importer_bench.py
    /usr/bin/python3 tests/bench/soap_importer_bench.py --url http://127.0.0.1:8080/kontaktdata \\
        --rounds 10

(deploy/run.sh --port N serves on another port; pass the same port in --url.)

What it does, with raw HTTP/1.1 (no zeep, so that the client costs next to nothing and the server
is what is measured), every Importer over one kept-alive connection:

1. builds 1000-item ImporterRequests of realistic records (per part 3 addresses: a Danish
   postal address, an e-mail and a mobile number; 4 channels: DIGITAL_POST, BREVPOST, and EMAIL
   and SMS for case area 32.18; 2 forms: Danish, and Danish with an Arabic interpreter for
   32.18), for SYNTHETIC persons: CPR numbers with a birth date in 1858-1899 (7th digit 5-8),
   valid by the contract's rule and certainly nobody's; each batch is checked with List
   beforehand (not timed) so that every part is new;
2. one untimed warm-up import, then N timed rounds (default 10) on the kept-alive connection,
   each a fresh batch: Importer creates 1000 parts (status OPRETTET expected for all);
3. after each import round, one timed request of the same size that the server refuses right
   after parsing: the same kind of 1000-item body from an unknown UserSystemUUID, answered
   ADGANG_NAEGTET (the XML is read, parsed and validated, the context checked, nothing stored).
   That is the ceiling the SOAP stack puts on Importer; measured in alternation with the imports,
   both meet the same load on the machine. gSOAP closes a connection after a fault, so these go
   over a second connection, opened anew for each before its timer starts;
4. one timed re-import round: the first round's batch again (status RETTET expected for all);
5. prints, per kind, parts per second (1000 / seconds per request) as median and min, and the
   ratio of the import median to the ceiling median.

Each request carries its own CallersServiceCallIdentifier, as a real client's would (so the
server's safe-retry bookkeeping is part of what is measured). Bounded: at most 100 rounds, at most
1000 items per request, a per-request timeout and an overall time budget (--max-seconds; rounds
not started within it are skipped and the report says so). Loopback only: the URL must name
127.0.0.1, ::1 or localhost. The parts it stores stay in the database (like any Importer); use a
throwaway database (deploy/run.sh --reset starts afresh).
"""

import argparse
import http.client
import random
import statistics
import sys
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

NS_KD = "http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/"
DEMO_ESDH = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001"
SERVICE_AGREEMENT_UUID = "42a77d12-7d5c-4c8e-9e4f-5d1c0a0b0c01"
SERVICE_UUID = "8b2c4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d5e"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_ROUNDS = 100
MAX_ITEMS = 1000

ENVELOPE_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
    ' xmlns:kd="' + NS_KD + '"'
    ' xmlns:autctx="http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/"'
    ' xmlns:invctx="http://serviceplatformen.dk/xml/schemas/InvocationContext/1/">'
    "<soapenv:Body><kd:{op}Request>"
    "<autctx:AuthorityContext><autctx:MunicipalityCVR>{municipality}</autctx:MunicipalityCVR>"
    "</autctx:AuthorityContext>"
    "<invctx:InvocationContext>"
    "<invctx:ServiceAgreementUUID>" + SERVICE_AGREEMENT_UUID + "</invctx:ServiceAgreementUUID>"
    "<invctx:UserSystemUUID>{system}</invctx:UserSystemUUID>"
    "<invctx:UserUUID>{user}</invctx:UserUUID>"
    "<invctx:ServiceUUID>" + SERVICE_UUID + "</invctx:ServiceUUID>"
    "<invctx:CallersServiceCallIdentifier>{call_id}</invctx:CallersServiceCallIdentifier>"
    "</invctx:InvocationContext>"
)
ENVELOPE_TAIL = "</kd:{op}Request></soapenv:Body></soapenv:Envelope>"

ITEM = (
    "<kd:Kontaktdata><kd:Part><kd:CPRNummer>{cpr}</kd:CPRNummer></kd:Part>"
    "<kd:Kontaktadresse><kd:AdresseID>{a1}</kd:AdresseID><kd:Adressetype>POSTADRESSE</kd:Adressetype>"
    "<kd:Postadresse><kd:DanskAdresse><kd:Vejnavn>{vej}</kd:Vejnavn><kd:Husnummer>{nr}</kd:Husnummer>"
    "<kd:Etage>{etage}</kd:Etage><kd:Sidedoer>tv</kd:Sidedoer><kd:Postnummer>{postnr}</kd:Postnummer>"
    "<kd:Postdistrikt>{by}</kd:Postdistrikt></kd:DanskAdresse></kd:Postadresse>"
    "<kd:SidstVerificeret>2025-03-14T10:15:30.123456+01:00</kd:SidstVerificeret></kd:Kontaktadresse>"
    "<kd:Kontaktadresse><kd:AdresseID>{a2}</kd:AdresseID><kd:Adressetype>EMAIL</kd:Adressetype>"
    "<kd:Email>borger.{n}@example.dk</kd:Email></kd:Kontaktadresse>"
    "<kd:Kontaktadresse><kd:AdresseID>{a3}</kd:AdresseID><kd:Adressetype>MOBILTELEFON</kd:Adressetype>"
    "<kd:Mobilnummer>+452{mobil}</kd:Mobilnummer><kd:GyldigFra>2025-01-01</kd:GyldigFra>"
    "</kd:Kontaktadresse>"
    "<kd:Kontaktkanal><kd:Kanal>DIGITAL_POST</kd:Kanal><kd:Prioritet>1</kd:Prioritet></kd:Kontaktkanal>"
    "<kd:Kontaktkanal><kd:Kanal>BREVPOST</kd:Kanal><kd:AdresseID>{a1}</kd:AdresseID>"
    "<kd:Prioritet>2</kd:Prioritet></kd:Kontaktkanal>"
    "<kd:Kontaktkanal><kd:Kanal>EMAIL</kd:Kanal><kd:AdresseID>{a2}</kd:AdresseID>"
    "<kd:Sagsomraade>32.18</kd:Sagsomraade><kd:Prioritet>1</kd:Prioritet></kd:Kontaktkanal>"
    "<kd:Kontaktkanal><kd:Kanal>SMS</kd:Kanal><kd:AdresseID>{a3}</kd:AdresseID>"
    "<kd:Sagsomraade>32.18</kd:Sagsomraade><kd:Prioritet>2</kd:Prioritet></kd:Kontaktkanal>"
    "<kd:Kontaktform><kd:Sprog>da</kd:Sprog><kd:Tiltaleform>DU</kd:Tiltaleform><kd:Medie>TEKST</kd:Medie>"
    "<kd:Prioritet>1</kd:Prioritet></kd:Kontaktform>"
    "<kd:Kontaktform><kd:Sprog>da</kd:Sprog><kd:Tiltaleform>DE</kd:Tiltaleform><kd:Medie>TEKST</kd:Medie>"
    "<kd:Tolkebehov>true</kd:Tolkebehov><kd:Tolkesprog>ar</kd:Tolkesprog>"
    "<kd:Sagsomraade>32.18</kd:Sagsomraade><kd:Prioritet>1</kd:Prioritet></kd:Kontaktform>"
    "</kd:Kontaktdata>"
)
STREETS = ("Vestergade", "Søndergade", "Nørregade", "Østergade", "Skolevej", "Kirkevej", "Møllevej")
TOWNS = (("8000", "Aarhus C"), ("8200", "Aarhus N"), ("8210", "Aarhus V"), ("8260", "Viby J"))

_rng = random.SystemRandom()


def synthetic_cpr():
    """A CPR number of a birth date in 1858-1899: DDMMYY with YY 58-99 and a 7th digit 5-8 (the
    contract's century rule reads that as 1858-1899). Valid by the contract's rule, nobody's."""
    import datetime
    start = datetime.date(1858, 1, 1).toordinal()
    end = datetime.date(1899, 12, 31).toordinal()
    day = datetime.date.fromordinal(_rng.randint(start, end))
    return "%02d%02d%02d%d%03d" % (day.day, day.month, day.year % 100, _rng.randint(5, 8),
                                   _rng.randint(0, 999))


def envelope(op, items_xml, municipality, system, call_id=None):
    head = ENVELOPE_HEAD.format(op=op, municipality=municipality, system=system, user=uuid.uuid4(),
                                call_id=call_id or "bench-" + uuid.uuid4().hex)
    return (head + items_xml + ENVELOPE_TAIL.format(op=op)).encode("utf-8")


def importer_items(cprs):
    out = []
    for n, cpr in enumerate(cprs):
        postnr, by = _rng.choice(TOWNS)
        out.append(ITEM.format(
            cpr=cpr, a1=uuid.uuid4(), a2=uuid.uuid4(), a3=uuid.uuid4(), vej=_rng.choice(STREETS),
            nr=_rng.randint(1, 199), etage=_rng.randint(1, 5), postnr=postnr, by=by,
            n="%s.%d" % (cpr, n), mobil="%07d" % _rng.randint(0, 9_999_999)))
    return "".join(out)


class Connection:
    """One kept-alive HTTP/1.1 connection to the server. A new one is opened only when the server
    closes it (gSOAP answers a SOAP fault with Connection: close); `opened` counts them. The TCP
    connect happens before a request's timer starts."""

    def __init__(self, url, timeout):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http":
            raise SystemExit("only http:// URLs: %s" % url)
        if parts.hostname not in LOOPBACK:
            raise SystemExit("loopback only (127.0.0.1, ::1, localhost): %s" % url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.path = parts.path or "/"
        self.timeout = timeout
        self.conn = None
        self.opened = 0
        self.resent = 0

    def _ensure(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.connect()
            self.opened += 1

    def _drop(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def post(self, op, body):
        """(HTTP status, response body, seconds from the first byte sent to the last received).
        A request lost because the server closed an idle connection is sent again on a new one
        (safe: each carries its own CallersServiceCallIdentifier) and counted in `resent`."""
        headers = {"Content-Type": "text/xml; charset=utf-8",
                   "SOAPAction": '"%s%s"' % (NS_KD, op), "Connection": "keep-alive"}
        for attempt in (1, 2):
            self._ensure()
            try:
                t0 = time.perf_counter()
                self.conn.request("POST", self.path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - t0
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._drop()
                if attempt == 2:
                    raise
                self.resent += 1
                continue
            if response.will_close:
                self._drop()
            return response.status, data, elapsed
        raise AssertionError("unreachable")


def fault_code(data):
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    for e in root.iter():
        if e.tag.endswith("}ErrorCode") or e.tag == "ErrorCode":
            return e.text
    return None


def fresh_cprs(conn, n, municipality, taken):
    """n distinct synthetic CPR numbers that the municipality holds nothing for (List, untimed)."""
    chosen = []
    for _ in range(20):
        candidates = []
        while len(candidates) < n - len(chosen):
            cpr = synthetic_cpr()
            if cpr not in taken:
                taken.add(cpr)
                candidates.append(cpr)
        parts = "".join("<kd:Part><kd:CPRNummer>%s</kd:CPRNummer></kd:Part>" % c for c in candidates)
        status, data, _ = conn.post("List", envelope("List", parts, municipality, DEMO_ESDH))
        if status != 200:
            raise SystemExit("List answered HTTP %s (%s): is the demo data loaded?" % (
                status, fault_code(data)))
        results = ET.fromstring(data).iter("{%s}Resultat" % NS_KD)
        for cpr, r in zip(candidates, results):
            if r.findtext("{%s}Status" % NS_KD) == "IKKE_FUNDET":
                chosen.append(cpr)
        if len(chosen) == n:
            return chosen
    raise SystemExit("could not find %d fresh synthetic CPR numbers" % n)


def check_import(status, data, items, expected):
    if status != 200:
        raise SystemExit("Importer answered HTTP %s, %s" % (status, fault_code(data)))
    got = data.count((">%s<" % expected).encode())
    if got != items:
        raise SystemExit("Importer answered %d of %d items %s" % (got, items, expected))


def summary(label, seconds, items):
    rates = [items / s for s in seconds]
    return ("%-46s %3d request(s): median %7.0f parts/s, min %7.0f parts/s "
            "(median %.3f s per request)" % (label, len(seconds), statistics.median(rates),
                                              min(rates), statistics.median(seconds)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080/kontaktdata",
                        help="the server's endpoint (loopback only); default %(default)s")
    parser.add_argument("--rounds", type=int, default=10,
                        help="timed import rounds, each of fresh parts (1-%d); default %%(default)s"
                        % MAX_ROUNDS)
    parser.add_argument("--items", type=int, default=1000,
                        help="items per request (1-%d); default %%(default)s" % MAX_ITEMS)
    parser.add_argument("--municipality", default="55133018",
                        help="MunicipalityCVR (granted to the Demo ESDH system); default %(default)s")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per HTTP request; default %(default)s")
    parser.add_argument("--max-seconds", type=float, default=600.0,
                        help="overall time budget; default %(default)s")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= MAX_ROUNDS:
        parser.error("--rounds must be 1-%d" % MAX_ROUNDS)
    if not 1 <= args.items <= MAX_ITEMS:
        parser.error("--items must be 1-%d" % MAX_ITEMS)
    deadline = time.monotonic() + args.max_seconds

    conn = Connection(args.url, args.timeout)
    taken = set()
    n = args.items
    print("Kontaktdata Importer benchmark: %s, municipality %s, %d items per request"
          % (args.url, args.municipality, n))

    # Preparation (untimed): fresh parts, checked with List, and every request body.
    warm = fresh_cprs(conn, n, args.municipality, taken)
    batches = []
    for _ in range(args.rounds):
        if time.monotonic() > deadline:
            break
        batches.append(importer_items(fresh_cprs(conn, n, args.municipality, taken)))
    if not batches:
        raise SystemExit("no round could be prepared within --max-seconds")
    bodies = [envelope("Importer", items, args.municipality, DEMO_ESDH) for items in batches]
    reimport_body = envelope("Importer", batches[0], args.municipality, DEMO_ESDH)
    # The ceiling: bodies of the same size and kind from a calling system nobody granted.
    refused_bodies = [envelope("Importer", importer_items([synthetic_cpr() for _ in range(n)]),
                               args.municipality, str(uuid.uuid4())) for _ in batches]
    size = len(bodies[0])

    # Warm-up (untimed): also shows that the server answers Importer as expected.
    status, data, _ = conn.post("Importer", envelope("Importer", importer_items(warm),
                                                     args.municipality, DEMO_ESDH))
    check_import(status, data, n, "OPRETTET")

    # The import rounds on one kept-alive connection, each followed by its ceiling request on a
    # second connection (a fault closes that one, so each ceiling request opens it anew, before
    # its timer starts): both kinds meet the same conditions on the machine. Then the re-import.
    ceiling_conn = Connection(args.url, args.timeout)
    opened_before = conn.opened
    imports, ceiling = [], []
    for body, refused in zip(bodies, refused_bodies):
        if time.monotonic() > deadline:
            break
        status, data, seconds = conn.post("Importer", body)
        check_import(status, data, n, "OPRETTET")
        imports.append(seconds)
        status, data, seconds = ceiling_conn.post("Importer", refused)
        code = fault_code(data)
        if status != 500 or code != "ADGANG_NAEGTET":
            raise SystemExit("the refused request answered HTTP %s %s, expected ADGANG_NAEGTET"
                             % (status, code))
        ceiling.append(seconds)
    reimport = []
    if time.monotonic() <= deadline:
        status, data, seconds = conn.post("Importer", reimport_body)
        check_import(status, data, n, "RETTET")
        reimport.append(seconds)
    import_connections = conn.opened - opened_before

    print("request size: %.2f MB (%d bytes); per part 3 addresses, 4 channels, 2 forms"
          % (size / 1e6, size))
    print(summary("Importer, new parts (OPRETTET)", imports, n))
    if reimport:
        print(summary("Importer, re-import (RETTET)", reimport, n))
    if ceiling:
        print(summary("ceiling: refused after parsing (ADGANG_NAEGTET)", ceiling, n))
        ratio = statistics.median(ceiling) / statistics.median(imports)
        print("import median / ceiling median: %.2f (the share of the SOAP stack's throughput "
              "that Importer reaches)" % ratio)
    print("connections: the import rounds used %d new connection(s) after the warm-up "
          "(0: all on the kept-alive one); %d request(s) re-sent after the server closed an idle "
          "connection" % (import_connections, conn.resent))
    skipped = args.rounds - len(imports) + (args.rounds - len(ceiling)) + (1 - len(reimport))
    if skipped:
        print("note: %d timed request(s) skipped: --max-seconds %.0f reached"
              % (skipped, args.max_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
