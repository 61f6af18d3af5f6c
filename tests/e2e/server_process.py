"""Extra server processes for the e2e tests that need a server configured otherwise than the one
deploy/test.sh runs (mutual TLS, a configuration that must be refused, ...).

They run the same binary with the same configuration file and database as the main e2e server,
with the settings a test gives on top, on a free port of 127.0.0.1. deploy/test.sh exports what is
needed: KONTAKTDATA_E2E_SERVER_BIN, KONTAKTDATA_E2E_SERVER_CONFIG, KONTAKTDATA_E2E_DB_DSN,
KONTAKTDATA_E2E_SIMULATOR_URL and KONTAKTDATA_E2E_LOG_DIR. Without them the tests that use this module fail.
"""

import contextlib
import os
import pathlib
import socket
import subprocess
import time

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail("%s is not set (deploy/test.sh exports it)" % name, pytrace=False)
    return value


def base_environment():
    """This process's environment without any KONTAKTDATA_ variable: only what a test sets."""
    return {k: v for k, v in os.environ.items() if not k.startswith("KONTAKTDATA_")}


class ServerProcess:
    """A kontaktdata-server started with `settings` (config keys such as "tls.certificate") on a
    free port; its log in KONTAKTDATA_E2E_LOG_DIR."""

    def __init__(self, settings, port=None):
        self.port = port or free_port()
        # Into the run's log folder, which e2e.logs_without_personal_data checks at the end.
        self.log_path = pathlib.Path(required("KONTAKTDATA_E2E_LOG_DIR")) / (
            "server-%d.log" % self.port)
        simulator = required("KONTAKTDATA_E2E_SIMULATOR_URL")
        env = base_environment()
        env.update({
            "KONTAKTDATA_LISTEN_HOST": "127.0.0.1",
            "KONTAKTDATA_LISTEN_PORT": str(self.port),
            "KONTAKTDATA_DB_DSN": required("KONTAKTDATA_E2E_DB_DSN"),
            "KONTAKTDATA_REGISTRY_CPR_ENDPOINT": simulator + "/service/CPR/PersonBaseDataExtended/4",
            "KONTAKTDATA_REGISTRY_CVR_ENDPOINT": simulator + "/service/CVR/Online/2",
        })
        for key, value in settings.items():
            env["KONTAKTDATA_" + key.upper().replace(".", "_")] = str(value)
        self.command = [required("KONTAKTDATA_E2E_SERVER_BIN"), "--config",
                        required("KONTAKTDATA_E2E_SERVER_CONFIG")]
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.command, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT)

    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_listening(self, timeout=20):
        """Waits until the log says the server listens; fails with the log if it exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("the server exited with %s:\n%s" % (self.process.returncode,
                                                               self.log()[-3000:]), pytrace=False)
            if "listening on" in self.log():
                return
            time.sleep(0.05)
        pytest.fail("the server did not listen within %s s:\n%s" % (timeout, self.log()[-3000:]),
                    pytrace=False)

    def wait_exit(self, timeout=20):
        """The exit status of a server that is to stop by itself (e.g. refused configuration)."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail("the server did not exit within %s s:\n%s" % (timeout, self.log()[-3000:]),
                        pytrace=False)

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


@contextlib.contextmanager
def running(settings, what="the server"):
    """A ServerProcess with `settings`, listening; at the end it must still be alive, and is
    stopped."""
    server = ServerProcess(settings)
    try:
        server.wait_listening()
        yield server
        assert server.alive(), "%s died during the tests:\n%s" % (what, server.log()[-3000:])
    finally:
        server.stop()


def make_test_certs(folder):
    """The throwaway TLS material of deploy/make-test-certs.sh in `folder` (a pathlib.Path)."""
    subprocess.run([str(REPO_ROOT / "deploy" / "make-test-certs.sh"), str(folder)], check=True,
                   stdout=subprocess.DEVNULL)
    return folder
