"""golive.receiver: the loopback system a vendor calls out to, and its recording for replay."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from golive.cassettes import Cassettes
from golive.receiver import Answer, Inbox, Receiver
from golive.redact import MASK, redactor


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.stop()


def test_keeps_the_exact_bytes_and_answers_200_by_default(receiver: Receiver) -> None:
    raw = b'{"b": 1,  "a":"\\u00e9"}'  # spacing and escapes a re-serialiser would change
    with httpx.Client() as client:
        answer = client.post(receiver.url("hooks/otto"), content=raw, headers={"X-Otto-Signature": "sha256=ab"})
    assert answer.status_code == 200
    [got] = receiver.deliveries("hooks/otto")
    assert (got.method, got.path, got.body, got.status) == ("POST", "/hooks/otto", raw, 200)
    assert got.headers["x-otto-signature"] == "sha256=ab"
    assert receiver.deliveries("elsewhere") == []


def test_a_script_of_failures_then_200_again(receiver: Receiver) -> None:
    receiver.script("erp", [Answer(500), Answer(429, headers={"retry-after": "1"}), Answer.drop()])
    seen = []
    with httpx.Client() as client:
        for _ in range(4):
            try:
                seen.append(client.post(receiver.url("erp"), json={"n": 1}).status_code)
            except httpx.TransportError:
                seen.append("dropped")
    assert seen == [500, 429, "dropped", 200]
    assert [d.status for d in receiver.deliveries("erp")] == [500, 429, None, 200]
    receiver.clear()
    assert receiver.deliveries() == []


def test_a_hang_ends_in_a_dropped_connection(receiver: Receiver) -> None:
    receiver.script("slow", [Answer.hang(0.3)])
    started = time.monotonic()
    with httpx.Client() as client, pytest.raises(httpx.TransportError):
        client.post(receiver.url("slow"), content=b"x")
    assert 0.25 < time.monotonic() - started < 3


def test_an_inbox_recorded_beside_the_cassette_replays_without_a_receiver(receiver: Receiver, tmp_path: Path) -> None:
    redactor.add("whsec-planted-4411")
    with httpx.Client() as client:
        client.post(receiver.url("hooks"), content=b"\x00raw", headers={"authorization": "Bearer whsec-planted-4411"})
    recording = tmp_path / "feature" / "check.deliveries.json"
    recorded = Inbox(receiver, recording, "record").deliveries("hooks")
    assert "whsec-planted-4411" not in recording.read_text("utf-8")
    replayed = Inbox(None, recording, "replay").deliveries("hooks")
    assert [d.body for d in replayed] == [d.body for d in recorded] == [b"\x00raw"]
    assert replayed[0].headers["authorization"] == MASK


def test_cassettes_store_loopback_urls_in_bodies_without_their_port(tmp_path: Path) -> None:
    cassettes = Cassettes(tmp_path, "record")
    with cassettes.use("feature", "a check"):
        assert cassettes.beside_current(".deliveries.json") == tmp_path / "feature" / "a-check.deliveries.json"
    assert cassettes.beside_current(".deliveries.json") is None
    from vcr.request import Request

    from golive.cassettes import _scrub_request

    request = _scrub_request(Request("POST", "http://127.0.0.1:5555/otto/hooks", b'{"url":"http://127.0.0.1:40123/h",'
                                     b'"esc":"http:\\/\\/127.0.0.1:40123\\/h"}', {}))
    assert request.uri == "http://127.0.0.1/otto/hooks"
    assert request.body == b'{"url":"http://127.0.0.1/h","esc":"http://127.0.0.1\\/h"}'
