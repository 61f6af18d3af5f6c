"""Hostile input and hostile connections. Each is answered UGYLDIG_FORESPOERGSEL in a SOAP 1.1
fault, or (for the transport ones) with a closed connection, and the server goes on serving: a
good request is answered normally right after each, and, for the connection attacks, while they
go on.

Each case records how long the server took to deal with it and the server's memory (resident set
before, after, and its peak so far), in hostile-figures.txt in the working folder (ctest's:
build/tests/e2e), and asserts that no case made the server grow by anything like the input's size.

The payload cases run against the main e2e server (KONTAKTDATA_E2E_URL; its process id in
KONTAKTDATA_E2E_SERVER_PID, exported by deploy/test.sh). The slow-client cases run against a
server of their own with short timeouts (server.recv_timeout_s 2, server.transfer_timeout_s 3), so
that they take seconds, not the production defaults' half minute.
"""

import os
import re
import socket
import threading
import time

import pytest
import requests

import kontaktdata_support as ks
import server_process as sp

pytestmark = pytest.mark.hostile

TIMEOUT = 30
MiB = 1024 * 1024
FIGURES = "hostile-figures.txt"
_figures = []


def memory_kib(pid):
    """(VmRSS, VmHWM) of a process, in KiB."""
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


@pytest.fixture(scope="module")
def server_pid():
    return int(sp.required("KONTAKTDATA_E2E_SERVER_PID"))


@pytest.fixture(scope="module", autouse=True)
def figures_file():
    yield
    with open(FIGURES, "w") as out:
        out.write("%-28s %10s %12s %12s %12s  %s\n" % (
            "case", "seconds", "RSS before", "RSS after", "peak (HWM)", "outcome"))
        for row in _figures:
            out.write("%-28s %10.3f %9d KiB %9d KiB %9d KiB  %s\n" % row)


class Measure:
    """Times a case and reads the server's memory around it."""

    def __init__(self, name, pid):
        self.name, self.pid = name, pid

    def __enter__(self):
        self.rss_before, self.hwm_before = memory_kib(self.pid)
        self.t0 = time.monotonic()
        self.outcome = "?"
        return self

    def __exit__(self, *exc):
        seconds = time.monotonic() - self.t0
        rss_after, hwm_after = memory_kib(self.pid)
        _figures.append((self.name, seconds, self.rss_before, rss_after, hwm_after, self.outcome))
        if exc[0] is None:
            # Never grown by the input: a peak above both the earlier peak and 64 MiB over the
            # resident set before the case means the server buffered or expanded it.
            assert hwm_after <= max(self.hwm_before, self.rss_before + 64 * 1024), (
                "%s: peak RSS %d KiB (before: RSS %d, peak %d)" % (
                    self.name, hwm_after, self.rss_before, self.hwm_before))
        return False


def post(url, body, headers=None, timeout=TIMEOUT):
    h = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"%s"' % ks.soap_action("Laes")}
    h.update(headers or {})
    return requests.post(url, data=body, headers=h, timeout=timeout)


def refused(response):
    assert response.status_code == 500, (response.status_code, response.content[:300])
    assert response.headers.get("Content-Type", "").startswith("text/xml")
    assert b"root:" not in response.content  # nothing of /etc/passwd, whatever the entity
    ks.FaultInfo(ks.parse_xml(response.content)).check("UGYLDIG_FORESPOERGSEL")
    return "UGYLDIG_FORESPOERGSEL"


def alive(url, timeout=TIMEOUT):
    """A good request is answered normally (a fresh person is simply unknown)."""
    response = post(url, ks.laes_envelope(), timeout=timeout)
    ks.FaultInfo(ks.parse_xml(response.content)).check("PART_FINDES_IKKE")


def soap12():
    return ks.laes_envelope().replace(b"http://schemas.xmlsoap.org/soap/envelope/",
                                      b"http://www.w3.org/2003/05/soap-envelope")


def without_body():
    return re.sub(rb"<soapenv:Body>.*</soapenv:Body>", b"<soapenv:Header/>", ks.laes_envelope(),
                  flags=re.S)


PAYLOADS = {
    "xxe-external-entity": lambda: ks.laes_envelope(
        doctype=ks.DOCTYPES["external-entity"], part="<kd:CPRNummer>&xxe;</kd:CPRNummer>"),
    "xxe-parameter-entity": lambda: ks.laes_envelope(doctype=ks.DOCTYPES["parameter-entity"]),
    "billion-laughs": lambda: ks.laes_envelope(
        doctype=ks.DOCTYPES["billion-laughs"], part="<kd:CPRNummer>&lol3;</kd:CPRNummer>"),
    "nesting-10000-deep": lambda: ks.laes_envelope(part="<kd:x>" * 10000 + "</kd:x>" * 10000),
    "invalid-utf8": lambda: ks.laes_envelope(cpr="0101709999").replace(
        b"0101709999", b"01017\xff\xfe\xc3\x28123"),
    "soap-1.2-envelope": soap12,
    "missing-body": without_body,
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_payload_is_ugyldig_forespoergsel(name, base_url, server_pid):
    body = PAYLOADS[name]()
    headers = {"Content-Type": "application/soap+xml; charset=utf-8"} if "1.2" in name else None
    with Measure(name, server_pid) as m:
        m.outcome = refused(post(base_url, body, headers))
    alive(base_url)


def _hundred_mib(chunk=MiB):
    padding = b" " * chunk
    head = ks.laes_envelope().split(b"<kd:LaesRequest>")
    yield head[0]
    for _ in range(100):
        yield padding
    yield b"<kd:LaesRequest>" + head[1]


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_100_mib_body_is_refused_without_being_read(framing, base_url, server_pid):
    """100 MiB: refused from its Content-Length before it is read, or (chunked) cut off at
    server.max_request_bytes. The client may see the answer or a closed connection (the server
    stops reading while it still sends)."""
    name = "100-mib-body-" + framing
    with Measure(name, server_pid) as m:
        headers = {}
        if framing == "content-length":
            headers["Content-Length"] = str(sum(len(c) for c in _hundred_mib()))
        try:
            m.outcome = refused(post(base_url, _hundred_mib(), headers))
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
            m.outcome = "connection closed"
    alive(base_url)


# --- slow and idle clients -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def slow_server():
    with sp.running({"listen.plain_http": "true", "server.recv_timeout_s": 2,
                     "server.transfer_timeout_s": 3, "server.workers": 4,
                     "server.idle_timeout_s": 30}, "the slow-client server") as server:
        yield server


@pytest.fixture(scope="module")
def slow_url(slow_server):
    return "http://127.0.0.1:%d/kontaktdata" % slow_server.port


def closed_within(sock, seconds):
    """Waits until the server closes `sock` (reads give EOF or reset); the time it took."""
    t0 = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
    except (ConnectionResetError, socket.timeout):
        pass
    return time.monotonic() - t0


def test_a_slowloris_client_is_cut_off_and_holds_up_nobody(slow_server, slow_url):
    """Sends its request a byte every second: the server ends it at its whole-message timeout
    (3 s here), and serves others meanwhile although the slow one holds a worker."""
    body = ks.laes_envelope()
    head = ("POST /kontaktdata HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            "Content-Length: %d\r\n\r\n" % len(body)).encode() + body
    stop = threading.Event()
    cut_off = {}

    def dribble():
        with socket.create_connection(("127.0.0.1", slow_server.port)) as s:
            t0 = time.monotonic()
            try:
                for byte in head:
                    if stop.is_set():
                        break
                    s.send(bytes([byte]))
                    time.sleep(1.0)
            except (BrokenPipeError, ConnectionResetError):
                pass
            cut_off["seconds"] = time.monotonic() - t0 + closed_within(s, 10)

    with Measure("slowloris", slow_server.process.pid) as m:
        t = threading.Thread(target=dribble)
        t.start()
        time.sleep(1.5)
        t0 = time.monotonic()
        alive(slow_url, timeout=5)  # answered while the slow client holds a worker
        served_in = time.monotonic() - t0
        t.join(timeout=20)
        stop.set()
        assert "seconds" in cut_off, "the slow client was not cut off within 20 s"
        m.outcome = "closed after %.1f s; others served in %.3f s" % (cut_off["seconds"], served_in)
    assert cut_off["seconds"] < 10, cut_off
    alive(slow_url)


def test_200_idle_connections_pin_no_worker(slow_server, slow_url):
    """200 connections that send nothing: they wait in the poller, not in the 4 workers, so a good
    request is answered at once (were each idle connection to hold a worker until its receive
    timeout, it would wait 200 / 4 x 2 s); the server closes them when they idle out."""
    with Measure("200-idle-connections", slow_server.process.pid) as m:
        idle = [socket.create_connection(("127.0.0.1", slow_server.port)) for _ in range(200)]
        try:
            time.sleep(0.5)
            t0 = time.monotonic()
            alive(slow_url, timeout=5)
            served_in = time.monotonic() - t0
        finally:
            for s in idle:
                s.close()
        m.outcome = "others served in %.3f s" % served_in
    alive(slow_url)


def test_connections_beyond_the_bound_are_refused_at_once():
    """server.max_connections 20: the 21st and later connections are closed as soon as they are
    accepted (the client reads EOF at once, it is not left hanging), and once the others close,
    requests are served again."""
    with sp.running({"listen.plain_http": "true", "server.max_connections": 20}) as server:
        url = "http://127.0.0.1:%d/kontaktdata" % server.port
        with Measure("max-connections", server.process.pid) as m:
            held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
            time.sleep(0.3)
            extra = socket.create_connection(("127.0.0.1", server.port))
            waited = closed_within(extra, 5)
            extra.close()
            assert waited < 2, "the extra connection was left open %.1f s" % waited
            for s in held:
                s.close()
            time.sleep(0.3)
            m.outcome = "extra closed after %.3f s" % waited
        alive(url)
        assert "connections refused" in server.log()
