"""vcrpy cassettes: record a run against a sandbox or live target, replay it offline.

One cassette per check, under ``cassettes/<vendor>/``; every secret is redacted before
anything is written, and matching includes the request body (batched POSTs).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, ContextManager

import vcr

from golive.redact import MASK, SECRET_HEADERS, redactor

MATCH_ON = ("method", "path", "query", "body")
_LOOPBACK_ORIGIN = re.compile(r"^http://127\.0\.0\.1:\d+")


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
        request.body = redactor.body(raw).encode("utf-8")
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
        self._vcr = vcr.VCR(
            record_mode="all" if mode == "record" else "none",
            match_on=MATCH_ON,
            before_record_request=_scrub_request,
            before_record_response=_scrub_response,
            decode_compressed_response=True,
            serializer="json",  # a tenth of the parse time of YAML on replay
        )

    def path(self, feature: str, name: str) -> Path:
        return self.folder / _slug(feature) / f"{_slug(name)}.json"

    def use(self, feature: str, name: str) -> ContextManager[Any]:
        """The cassette of one check (a no-op when neither recording nor replaying)."""
        if self.mode == "off":
            return nullcontext()
        return self._use(self.path(feature, name))

    @contextmanager
    def _use(self, path: Path) -> Iterator[Any]:
        if self.mode == "replay" and not path.exists():
            from golive.verdict import NoConclusion

            raise NoConclusion(f"no cassette {path}; record one with `golive certify --vendor "
                               f"{self.folder.name} --record`")
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._vcr.use_cassette(str(path)) as cassette:
            yield cassette

    def read_meta(self) -> dict[str, Any]:
        path = self.folder / "meta.json"
        if not path.exists():
            from golive.verdict import NoConclusion

            raise NoConclusion(f"no recording under {self.folder}; record one with `golive certify --vendor "
                               f"{self.folder.name} --record`")
        return json.loads(path.read_text("utf-8"))

    def write_meta(self, meta: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")
