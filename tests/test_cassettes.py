"""Cassettes: recorded with secrets redacted, replayed through the transport seam, in order, once each."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from golive.cassettes import Cassettes
from golive.redact import MASK, redactor
from golive.sandbox import SandboxServer
from golive.vendors.abs.sandbox import AbsSandbox
from golive.verdict import NoConclusion

SECRET = "cassette-test-secret-5d1e9a"


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    redactor.add(SECRET)
    with (SandboxServer([AbsSandbox()]) as server, Cassettes(tmp_path, "record").use("feature", "a check"),
          httpx.Client() as client):
        client.post(f"{server.url}/abs/_sandbox/reset", headers={"authorization": f"Bearer {SECRET}"})
        for advance in (1, 2):  # two requests that differ only in their body
            client.post(f"{server.url}/abs/_sandbox/clock", json={"advance_seconds": advance, "note": SECRET})
    return tmp_path / "feature" / "a-check.json"


def test_recording_masks_secrets_and_the_sandbox_port(recorded: Path) -> None:
    text = recorded.read_text("utf-8")
    assert SECRET not in text and MASK in text
    uris = [i["request"]["uri"] for i in json.loads(text)["interactions"]]
    assert all(uri.startswith("http://127.0.0.1/abs/") for uri in uris), uris


def test_replay_matches_on_the_body_and_plays_each_answer_once(recorded: Path) -> None:
    cassettes = Cassettes(recorded.parent.parent, "replay")
    client = httpx.Client(transport=cassettes.transport, base_url="http://127.0.0.1:9/abs")
    with client, cassettes.use("feature", "a check"):
        assert client.post("/_sandbox/reset").status_code == 204
        second = client.post("/_sandbox/clock", json={"advance_seconds": 2, "note": SECRET})
        first = client.post("/_sandbox/clock", json={"advance_seconds": 1, "note": SECRET})
        assert first.json()["now"] < second.json()["now"]  # each request got its own recorded answer
        with pytest.raises(NoConclusion, match="--record"):
            client.post("/_sandbox/clock", json={"advance_seconds": 1, "note": SECRET})  # played already


def test_replay_without_a_cassette_says_how_to_record(tmp_path: Path) -> None:
    cassettes = Cassettes(tmp_path / "abs", "replay")
    with pytest.raises(NoConclusion, match="golive certify --vendor abs --record"), cassettes.use("f", "n"):
        pass


def test_recording_again_replaces_the_cassette(recorded: Path) -> None:
    with (SandboxServer([AbsSandbox()]) as server, Cassettes(recorded.parents[1], "record").use("feature", "a check"),
          httpx.Client() as client):
        client.post(f"{server.url}/abs/_sandbox/reset")
    assert [i["request"]["uri"].rsplit("/", 1)[-1] for i in json.loads(recorded.read_text())["interactions"]] == [
        "reset"]
