#!/usr/bin/python3
"""SOAP-level benchmark of HentKontaktanvisning: parts per second for 1000-part requests through
the whole server (HTTP, gSOAP, Xerces validation, mapping, the stored data in one query, the
register cache, CPR lookups in parallel, the resolution, the access log), (a) with every part's
register answer cached and (b) with every part a cache miss that CPR (the register simulator) is
asked about, next to the ceilings measured in the same run.

Not a CTest test. Start a server as deploy/run.sh does, with the simulator answering any valid
CPR number (--synthetic: without it every new number is "unknown" and (b) measures only the
unknown-number path), then run the benchmark with Debian's interpreter (standard library; psql and
wrk, both in deploy/install-deps.sh):

    deploy/run.sh --synthetic      # server on :8080, simulator on :8091, database on :55432
    /usr/bin/python3 tests/bench/hent_kontaktanvisning_bench.py
    /usr/bin/python3 tests/bench/hent_kontaktanvisning_bench.py --url http://127.0.0.1:8080/kontaktdata \\
        --simulator-url http://127.0.0.1:8091 \\
        --dsn 'host=127.0.0.1 port=55432 dbname=kontaktdata user=kontaktdata_app' --rounds 10

(Other ports: deploy/run.sh --port N --simulator-port M, KONTAKTDATA_PG_PORT=P; pass the same
here. --in-flight must be the server's registry.max_in_flight, default 16.)

What it does, with raw HTTP/1.1 (no zeep, so the client costs next to nothing) on one kept-alive
connection, for SYNTHETIC persons (CPR numbers of birth dates in 1858-1899, 7th digit 5-8: valid by
the contract's rule, nobody's, never in the simulator's fixture), each with realistic stored data
(Importer, untimed: 3 addresses, 4 channels, 2 forms, as tests/bench/soap_importer_bench.py):

(a) all cached: 1000 parts imported, one untimed warm-up HentKontaktanvisning (CPR is asked about
    each and the answers cached), then N timed rounds of the same 1000 parts (Sagsomraade
    32.18.04), with the simulator made unavailable meanwhile (GET /control; normal again
    afterwards): with the server's registry.refresh_s (default 15 min) no round asks CPR, and
    one that did would get REGISTER_UTILGAENGELIG. Checked: 1000 answers, all KONTAKTDATA, none
    REGISTER_UTILGAENGELIG.
(b) all misses: per round 1000 NEW parts (imported untimed before the round, never looked up),
    one timed HentKontaktanvisning: 1000 CPR lookups, at most registry.max_in_flight in flight.
    Checked: 1000 answers, none REGISTER_UTILGAENGELIG; the number of persons CPR knew (found)
    versus UKENDT_I_REGISTER is reported.

Ceilings, measured in the same run:
- SOAP: the same 1000-part request from a calling system nobody granted, refused right after
  parsing and validation (ADGANG_NAEGTET), after each timed round of (a) and (b), over a second
  connection opened before its timer starts (a fault closes it), as the Importer bench does.
- PostgreSQL: the store's own two reads for the same parts -- their stored data
  (src/store/sql/queries/laes_mange.sql) and their cache rows (laes_registercache.sql) -- run by
  psql as prepared statements in one session, timed by psql (\\timing: sent to result received),
  as many times as there are timed rounds; for (b) before the rounds, when the parts have no
  cache rows yet. What
  the service adds on top of these reads (the access-log lines, the cache writes of (b)) is not
  in it.
- The simulator (for (b)): 1000 PersonLookup calls' worth of CPR at the same parallelism straight
  to the simulator: wrk with --in-flight connections for --simulator-seconds, a new synthetic PNR
  and a new TCP connection per call (as the server's client makes them), reported as the time
  for 1000 lookups (1000 / calls per second).

Each prints parts per second (1000 / seconds per request) as median and min, and the ratios of
the medians. Bounded: at most 100 rounds, an overall time budget (--max-seconds), a per-request
timeout. Loopback only. The parts it imports stay in the database (use deploy/run.sh --reset for
a clean one); each round of (b) adds 1000 persons and 1000 cache rows.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import soap_importer_bench as ib  # noqa: E402  (Connection, envelope, the synthetic records)

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUERIES = os.path.join(PROJECT, "src", "store", "sql", "queries")
NS_KD = ib.NS_KD
SAGSOMRAADE = "32.18.04"
MAX_ROUNDS = 100
N = 1000

PNR_REQUEST_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
    'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    '<pbde:PersonLookupRequest '
    'xmlns:pbde="http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/">'
    '<invctx:InvocationContext xmlns:invctx="http://serviceplatformen.dk/xml/schemas/InvocationContext/1/">'
    "<invctx:ServiceAgreementUUID>" + ib.SERVICE_AGREEMENT_UUID + "</invctx:ServiceAgreementUUID>"
    "<invctx:UserSystemUUID>" + ib.DEMO_ESDH + "</invctx:UserSystemUUID>"
    "<invctx:UserUUID>3f9e1c2a-5b7d-4e60-8a91-0c2b4d6e8f10</invctx:UserUUID>"
    "<invctx:ServiceUUID>" + ib.SERVICE_UUID + "</invctx:ServiceUUID>"
    "</invctx:InvocationContext>"
    '<pnr:PNR xmlns:pnr="http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/">'
)
PNR_REQUEST_TAIL = "</pnr:PNR></pbde:PersonLookupRequest></soapenv:Body></soapenv:Envelope>"

# wrk's request generator: a fresh synthetic PNR (1858-1899, day 1-28) per call, a new connection
# per call (Connection: close), the body as above.
WRK_SCRIPT = """
local head = %s
local tail = %s
local headers = {["Content-Type"] = "text/xml; charset=utf-8", ["Connection"] = "close"}
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local pnr = string.format("%%02d%%02d%%02d%%d%%03d", math.random(1, 28), math.random(1, 12),
                            math.random(58, 99), math.random(5, 8), math.random(0, 999))
  return wrk.format("POST", "%s", headers, head .. pnr .. tail)
end
"""
CPR_PATH = "/service/CPR/PersonBaseDataExtended/4"


def lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parts_xml(cprs):
    return ("<kd:Sagsomraade>%s</kd:Sagsomraade>" % SAGSOMRAADE
            + "".join("<kd:Part><kd:CPRNummer>%s</kd:CPRNummer></kd:Part>" % c for c in cprs))


def hent_body(cprs, municipality, system=ib.DEMO_ESDH):
    return ib.envelope("HentKontaktanvisning", parts_xml(cprs), municipality, system)


def check_anvisning(status, data, n, what, cached):
    """Checks an answer; returns the number of parts CPR knew (not UKENDT_I_REGISTER)."""
    if status != 200:
        raise SystemExit("%s: HentKontaktanvisning answered HTTP %s, %s"
                         % (what, status, ib.fault_code(data)))
    items = data.count(b"<kd:Kontaktanvisning>")
    if items != n:
        raise SystemExit("%s: %d Kontaktanvisning for %d parts" % (what, items, n))
    if data.count(b"<kd:Status>KONTAKTDATA</kd:Status>") != n:
        raise SystemExit("%s: not every part answered KONTAKTDATA" % what)
    unavailable = data.count(b">REGISTER_UTILGAENGELIG<")
    if unavailable:
        raise SystemExit("%s: %d part(s) REGISTER_UTILGAENGELIG%s" % (
            what, unavailable, " (an answer older than registry.refresh_s?)" if cached else
            " (the registry timeout is too short for 1000 lookups on this machine?)"))
    return n - data.count(b">UKENDT_I_REGISTER<")


def import_parts(conn, cprs, municipality):
    status, data, _ = conn.post("Importer", ib.envelope("Importer", ib.importer_items(cprs),
                                                        municipality, ib.DEMO_ESDH))
    ib.check_import(status, data, len(cprs), "OPRETTET")


class Ceiling:
    """The SOAP ceiling: the same request from an unknown calling system (ADGANG_NAEGTET)."""

    def __init__(self, url, timeout):
        self.conn = ib.Connection(url, timeout)

    def measure(self, cprs, municipality):
        status, data, seconds = self.conn.post(
            "HentKontaktanvisning", hent_body(cprs, municipality, system=str(uuid.uuid4())))
        code = ib.fault_code(data)
        if status != 500 or code != "ADGANG_NAEGTET":
            raise SystemExit("the refused request answered HTTP %s %s, expected ADGANG_NAEGTET"
                             % (status, code))
        return seconds


def query_text(name):
    with open(os.path.join(QUERIES, name + ".sql"), encoding="utf-8") as f:
        text = f.read().strip()
    return text[:-1] if text.endswith(";") else text


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


def pg_ceiling(dsn, municipality, batches, timeout):
    """For each list of CPR numbers: (seconds of laes_mange, seconds of laes_registercache), the
    store's two reads, in one psql session, as psql's \\timing reports them."""
    script = ["\\set ON_ERROR_STOP 1", "\\o /dev/null",
              "PREPARE laes_mange(text, jsonb) AS\n%s;" % query_text("laes_mange"),
              "PREPARE laes_registercache(jsonb, timestamptz) AS\n%s;"
              % query_text("laes_registercache"),
              "\\timing on"]
    for cprs in batches:
        parts = json.dumps([{"nr": i + 1, "part_type": "CPR", "nummer": c}
                            for i, c in enumerate(cprs)])
        script.append("\\echo READ")
        script.append("EXECUTE laes_mange(%s, %s);" % (sql_literal(municipality), sql_literal(parts)))
        script.append("\\echo READ")
        script.append("EXECUTE laes_registercache(%s, now() - interval '1 day');"
                      % sql_literal(parts))
    with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as f:
        f.write("\n".join(script) + "\n")
        path = f.name
    try:
        out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path, dsn],
                             capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        os.unlink(path)
    if out.returncode != 0:
        raise SystemExit("psql failed (%s): %s" % (out.returncode, out.stderr.strip()[:500]))
    times, expect = [], False
    for line in out.stdout.splitlines():
        if line == "READ":
            expect = True
        elif expect and line.startswith("Time: "):
            times.append(float(re.match(r"Time: ([0-9.]+) ms", line).group(1)) / 1000.0)
            expect = False
    if len(times) != 2 * len(batches):
        raise SystemExit("psql reported %d timings for %d reads" % (len(times), 2 * len(batches)))
    return [(times[i], times[i + 1]) for i in range(0, len(times), 2)]


def simulator_mode(simulator_url, mode):
    """Sets the simulator's mode (GET /control?mode=...)."""
    url = simulator_url.rstrip("/") + "/control?mode=" + mode
    with urllib.request.urlopen(url, timeout=10) as response:
        state = json.loads(response.read())
    if state.get("mode") != mode:
        raise SystemExit("the simulator did not change to mode %s: %s" % (mode, state))


def simulator_ceiling(simulator_url, in_flight, seconds):
    """Calls per second of PersonLookup straight to the simulator, with wrk: `in_flight`
    connections, a new connection and a new synthetic PNR per call. Also checks that the
    simulator answers a synthetic number with a person (--synthetic)."""
    parts = urllib.parse.urlsplit(simulator_url)
    if parts.hostname not in ib.LOOPBACK:
        raise SystemExit("loopback only: %s" % simulator_url)
    probe = (PNR_REQUEST_HEAD + ib.synthetic_cpr() + PNR_REQUEST_TAIL).encode()
    request = urllib.request.Request(simulator_url.rstrip("/") + CPR_PATH, data=probe,
                                     headers={"Content-Type": "text/xml; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            synthetic = response.status == 200
    except urllib.error.HTTPError as exc:
        synthetic = False
        if exc.code != 500:
            raise SystemExit("the simulator answered HTTP %s" % exc.code)
    except OSError as exc:
        raise SystemExit("the simulator does not answer at %s: %s" % (simulator_url, exc))
    script = WRK_SCRIPT % (lua_string(PNR_REQUEST_HEAD), lua_string(PNR_REQUEST_TAIL), CPR_PATH)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        out = subprocess.run(
            ["wrk", "-t", str(min(2, in_flight)), "-c", str(in_flight), "-d", "%ds" % seconds,
             "-s", path, simulator_url.rstrip("/")],
            capture_output=True, text=True, timeout=seconds + 30, check=False)
    finally:
        os.unlink(path)
    m = re.search(r"Requests/sec:\s+([0-9.]+)", out.stdout)
    if out.returncode != 0 or not m:
        raise SystemExit("wrk failed: %s %s" % (out.stdout[-500:], out.stderr[-500:]))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    errors = re.search(r"Socket errors: (.*)", out.stdout)
    return float(m.group(1)), synthetic, (non_ok.group(1) if non_ok else "0"), \
        (errors.group(1) if errors else None)


def rates(seconds):
    return [N / s for s in seconds]


def line(label, seconds):
    r = rates(seconds)
    return ("  %-58s %3d: median %7.0f parts/s, min %7.0f (median %.3f s per 1000)"
            % (label, len(seconds), statistics.median(r), min(r), statistics.median(seconds)))


def pg_line(label, pairs):
    total = [a + b for a, b in pairs]
    return line(label, total) + "\n  %-58s      stored data %.3f s + cache rows %.3f s (medians)" % (
        "", statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs))


def ratio(label, measured, ceiling):
    return "  %-58s %.2f" % (label, statistics.median(ceiling) / statistics.median(measured))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080/kontaktdata",
                        help="the server's endpoint (loopback only); default %(default)s")
    parser.add_argument("--simulator-url", default="http://127.0.0.1:8091",
                        help="the register simulator the server asks; default %(default)s")
    parser.add_argument("--dsn", default="host=127.0.0.1 port=55432 dbname=kontaktdata "
                        "user=kontaktdata_app",
                        help="libpq connection string of the server's database (psql); "
                        "default %(default)r")
    parser.add_argument("--rounds", type=int, default=10,
                        help="timed rounds of (a) (1-%d); default %%(default)s" % MAX_ROUNDS)
    parser.add_argument("--miss-rounds", type=int, default=5,
                        help="timed rounds of (b), each of 1000 new parts (1-%d); default "
                        "%%(default)s" % MAX_ROUNDS)
    parser.add_argument("--in-flight", type=int, default=16,
                        help="the server's registry.max_in_flight; default %(default)s")
    parser.add_argument("--simulator-seconds", type=int, default=3,
                        help="how long wrk drives the simulator; default %(default)s")
    parser.add_argument("--municipality", default="55133018",
                        help="MunicipalityCVR (granted to the Demo ESDH system); default %(default)s")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per HTTP request; default %(default)s")
    parser.add_argument("--max-seconds", type=float, default=900.0,
                        help="overall time budget; default %(default)s")
    args = parser.parse_args(argv)
    for name in ("rounds", "miss_rounds"):
        if not 1 <= getattr(args, name) <= MAX_ROUNDS:
            parser.error("--%s must be 1-%d" % (name.replace("_", "-"), MAX_ROUNDS))
    if not 1 <= args.in_flight <= 256:
        parser.error("--in-flight must be 1-256")
    deadline = time.monotonic() + args.max_seconds

    conn = ib.Connection(args.url, args.timeout)
    ceiling = Ceiling(args.url, args.timeout)
    taken = set()
    print("Kontaktdata HentKontaktanvisning benchmark: %s, municipality %s, %d parts per request, "
          "Sagsomraade %s" % (args.url, args.municipality, N, SAGSOMRAADE))

    # The simulator first: is it --synthetic, and what can it do on its own?
    sim_rate, synthetic, sim_non_ok, sim_errors = simulator_ceiling(
        args.simulator_url, args.in_flight, args.simulator_seconds)

    # (a) all cached.
    cached = ib.fresh_cprs(conn, N, args.municipality, taken)
    import_parts(conn, cached, args.municipality)
    status, data, warm_s = conn.post("HentKontaktanvisning", hent_body(cached, args.municipality))
    found_a = check_anvisning(status, data, N, "warm-up", cached=False)
    size = len(hent_body(cached, args.municipality))
    a_times, a_ceiling = [], []
    # CPR made unavailable meanwhile: a round that asked it would get REGISTER_UTILGAENGELIG.
    simulator_mode(args.simulator_url, "unavailable")
    try:
        for _ in range(args.rounds):
            if time.monotonic() > deadline:
                break
            status, data, seconds = conn.post("HentKontaktanvisning",
                                              hent_body(cached, args.municipality))
            check_anvisning(status, data, N, "(a)", cached=True)
            a_times.append(seconds)
            a_ceiling.append(ceiling.measure(cached, args.municipality))
    finally:
        simulator_mode(args.simulator_url, "normal")
    a_pg = pg_ceiling(args.dsn, args.municipality, [cached] * len(a_times), args.timeout)

    # (b) all misses: new parts every round, imported before it.
    b_times, b_ceiling, b_batches, found_b = [], [], [], []
    for _ in range(args.miss_rounds):
        if time.monotonic() > deadline:
            break
        fresh = ib.fresh_cprs(conn, N, args.municipality, taken)
        import_parts(conn, fresh, args.municipality)
        b_batches.append(fresh)
    b_pg = pg_ceiling(args.dsn, args.municipality, b_batches, args.timeout)  # no cache rows yet
    for fresh in b_batches:
        if time.monotonic() > deadline:
            break
        status, data, seconds = conn.post("HentKontaktanvisning",
                                          hent_body(fresh, args.municipality))
        found_b.append(check_anvisning(status, data, N, "(b)", cached=False))
        b_times.append(seconds)
        b_ceiling.append(ceiling.measure(fresh, args.municipality))

    print("request size %.2f MB; per part stored: 3 addresses, 4 channels, 2 forms; simulator "
          "%s" % (size / 1e6, "--synthetic (found persons)" if synthetic else
                  "WITHOUT --synthetic: every new number is unknown to CPR"))
    print("(a) 1000 parts, register answers all cached (warm-up %.3f s, %d of %d found in CPR):"
          % (warm_s, found_a, N))
    print(line("HentKontaktanvisning", a_times))
    print(line("ceiling SOAP: refused after parsing (ADGANG_NAEGTET)", a_ceiling))
    print(pg_line("ceiling PostgreSQL: stored data + cache rows (psql)", a_pg))
    print(ratio("HentKontaktanvisning / SOAP ceiling", a_times, a_ceiling))
    print(ratio("HentKontaktanvisning / PostgreSQL ceiling", a_times, [a + b for a, b in a_pg]))
    if b_times:
        print("(b) 1000 parts, all cache misses (CPR asked %d times per request, at most %d in "
              "flight; found in CPR per round: %s):" % (N, args.in_flight,
                                                         ", ".join(map(str, found_b))))
        print(line("HentKontaktanvisning", b_times))
        print(line("ceiling SOAP: refused after parsing (ADGANG_NAEGTET)", b_ceiling))
        print(pg_line("ceiling PostgreSQL: stored data, no cache rows yet (psql)", b_pg))
        sim_s = N / sim_rate
        print("  %-58s %.0f lookups/s, i.e. %.3f s per 1000 (%d in flight, wrk %d s, non-2xx %s%s)"
              % ("ceiling simulator: PersonLookup, a connection per call", sim_rate, sim_s,
                 args.in_flight, args.simulator_seconds, sim_non_ok,
                 ", socket errors " + sim_errors if sim_errors else ""))
        print(ratio("HentKontaktanvisning / SOAP ceiling", b_times, b_ceiling))
        print(ratio("HentKontaktanvisning / PostgreSQL ceiling", b_times,
                    [a + b for a, b in b_pg]))
        print(ratio("HentKontaktanvisning / simulator ceiling", b_times, [sim_s]))
    print("(ratio: ceiling median seconds / measured median seconds = the share of the ceiling's "
          "throughput reached)")
    skipped = (args.rounds - len(a_times)) + (args.miss_rounds - len(b_times))
    if skipped:
        print("note: %d timed round(s) skipped: --max-seconds %.0f reached"
              % (skipped, args.max_seconds))
    if conn.resent:
        print("note: %d request(s) re-sent after the server closed an idle connection" % conn.resent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
