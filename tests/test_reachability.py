"""A target that cannot be reached, or does not answer, gives ERROR / BLOCKED (exit 2), never FAILED."""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.slow  # runs golive in a subprocess


def test_unreachable_sandbox_is_blocked(run_golive) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = run_golive("certify", "--vendor", "abs", "--sandbox-url", f"http://127.0.0.1:{port}")
    assert outcome.code == 2, outcome.stdout[-2000:]
    abs_report = outcome.vendor()
    assert abs_report["verdict"] == "BLOCKED"
    assert abs_report["counts"]["FAILED"] == 0 and abs_report["counts"]["ERROR"] > 0
    assert "unreachable" in outcome.with_result("ERROR")[0]["message"]


def test_a_target_that_never_answers_is_blocked(run_golive) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:  # accept connections, never answer
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        outcome = run_golive("certify", "--vendor", "abs", "--timeout", "0.5",
                             "--sandbox-url", f"http://127.0.0.1:{listener.getsockname()[1]}")
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
    assert outcome.code == 2
    assert outcome.vendor()["verdict"] == "BLOCKED" and outcome.vendor()["counts"]["FAILED"] == 0


def test_a_vendor_that_is_down_answers_503_first(run_golive) -> None:
    class Down(BaseHTTPRequestHandler):
        def _down(self) -> None:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _down

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Down)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        outcome = run_golive("certify", "--vendor", "abs", "--sandbox-url", f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
    assert outcome.code == 2
    assert outcome.vendor()["verdict"] == "BLOCKED" and outcome.vendor()["counts"]["FAILED"] == 0
    assert "503" in outcome.with_result("ERROR")[0]["message"]
