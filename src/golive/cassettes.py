"""vcrpy cassettes: record a run against a sandbox or live target, replay it offline.

One cassette per check, under ``cassettes/<vendor>/``; every secret is redacted before
anything is written, and matching includes the request body (batched POSTs). Recording uses
vcrpy's own patching; replay serves the same files through httpx's transport seam
(:class:`ReplayTransport`: vcrpy's persister and matchers, record mode "none"), which costs a
fraction of patching every library for every check.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import httpx

from golive import compat
from golive.redact import MASK, SECRET_HEADERS, redactor
from golive.verdict import NoConclusion

MATCH_ON = ("method", "path", "query", "body")
_LOOPBACK_ORIGIN = re.compile(r"^http://127\.0\.0\.1:\d+")
_LOOPBACK_IN_TEXT = re.compile(r"http:(/|\\/){2}127\.0\.0\.1:\d+")  # a receiver URL inside a body (JSON may escape /)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:120] or "check"


def _scrub_request(request: Any) -> Any:
    request.uri = _LOOPBACK_ORIGIN.sub("http://127.0.0.1", request.uri)
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            request.headers[name] = MASK
        elif name.lower() == "host":  # the sandbox's free port changes on every recording
            request.headers[name] = re.sub(r"^127\.0\.0\.1:\d+$", "127.0.0.1", request.headers[name])
    if request.body:
        raw = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else request.body
        request.body = _LOOPBACK_IN_TEXT.sub("http://127.0.0.1", redactor.body(raw)).encode("utf-8")
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            headers[name] = [MASK]
        else:
            headers[name] = [redactor.text(v) for v in headers[name]]
    body = response.get("body", {}).get("string")
    if body:
        raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        scrubbed = redactor.body(raw)
        if scrubbed != raw:
            response["body"]["string"] = scrubbed.encode("utf-8")
            for name in list(headers):
                if name.lower() == "content-length":
                    headers[name] = [str(len(response["body"]["string"]))]
    return response


class Cassettes:
    """Where a vendor's cassettes live and how they are recorded or replayed."""

    def __init__(self, folder: Path, mode: str) -> None:
        self.folder = folder
        self.mode = mode  # "record" | "replay" | "off"
        self.how_to_record = f"record it with `golive certify --vendor {folder.name} --record`"
        self.transport = ReplayTransport(self.how_to_record)
        self.current: Path | None = None  # the cassette of the check running now

    def path(self, feature: str, name: str) -> Path:
        return self.folder / _slug(feature) / f"{_slug(name)}.json"

    def use(self, feature: str, name: str) -> AbstractContextManager[Any]:
        """The cassette of one check (a no-op when neither recording nor replaying)."""
        if self.mode == "off":
            return nullcontext()
        return self._use(self.path(feature, name))

    @contextmanager
    def _use(self, path: Path) -> Iterator[Any]:
        self.current = path
        try:
            yield from self._played_or_recorded(path)
        finally:
            self.current = None

    def _played_or_recorded(self, path: Path) -> Iterator[Any]:
        if self.mode == "replay":
            if not path.exists():
                raise NoConclusion(f"no cassette {path}; {self.how_to_record}")
            self.transport.load(path)
            try:
                yield self.transport
            finally:
                self.transport.load(None)
            return
        import vcr  # only a recording run pays for vcrpy's patching machinery

        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # a fresh recording: vcrpy's "all" mode would keep the old interactions too
        recorder = vcr.VCR(record_mode="all", match_on=MATCH_ON, before_record_request=_scrub_request,
                           before_record_response=_scrub_response, decode_compressed_response=True,
                           serializer="json")  # JSON: a tenth of the parse time of YAML on replay
        with recorder.use_cassette(str(path)) as cassette:
            compat.record_only(cassette)
            yield cassette

    def beside_current(self, suffix: str) -> Path | None:
        """A file stored beside the running check's cassette (e.g. what golive's receiver got)."""
        return self.current.with_suffix(suffix) if self.current else None

    def read_meta(self) -> dict[str, Any]:
        path = self.folder / "meta.json"
        if not path.exists():
            raise NoConclusion(f"no recording under {self.folder}; {self.how_to_record}")
        return json.loads(path.read_text("utf-8"))

    def write_meta(self, meta: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")


def load(path: Path) -> list[tuple[Any, dict[str, Any]]]:
    """A cassette's (request, response) pairs, as vcrpy stored them."""
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import jsonserializer

    requests, responses = FilesystemPersister.load_cassette(path, jsonserializer)
    return list(zip(requests, responses, strict=True))


class ReplayTransport(httpx.BaseTransport):
    """Answers each request from the current check's cassette; each interaction plays once."""

    def __init__(self, how_to_record: str) -> None:
        self.how_to_record = how_to_record
        self._pending: list[tuple[Any, dict[str, Any]]] = []

    def load(self, path: Path | None) -> None:
        self._pending = load(path) if path else []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from vcr.request import Request as VcrRequest

        wanted = _scrub_request(VcrRequest(request.method, str(request.url), request.read(), dict(request.headers)))
        for n, (recorded, answer) in enumerate(self._pending):
            if _matches(wanted, recorded):
                del self._pending[n]
                body = answer["body"]["string"] or b""
                headers = [(k, v) for k, values in answer["headers"].items() for v in values]
                return httpx.Response(answer["status"]["code"], headers=headers, request=request,
                                      content=body.encode("utf-8") if isinstance(body, str) else body)
        raise NoConclusion(f"no recorded answer for {request.method} {request.url.path} in the cassette; "
                           f"{self.how_to_record}")


def _matches(wanted: Any, recorded: Any) -> bool:
    """vcrpy's matchers, in MATCH_ON's order, up to the first that fails (``requests_match`` runs them all and
    writes a body diff for every other pending request)."""
    from vcr import matchers

    try:
        for name in MATCH_ON:
            getattr(matchers, name)(wanted, recorded)
    except AssertionError:
        return False
    return True
