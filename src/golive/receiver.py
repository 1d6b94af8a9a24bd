"""golive's loopback receiver: it plays the partner's own system for a vendor that calls out.

Otto delivers signed webhooks to it, and a tms integration targets it as "your ERP". It
listens on 127.0.0.1 over http (interface.md §5), keeps every request exactly as received
(raw body bytes, for signature checks), and answers from a script the check sets up: a status
with headers and body, a dropped connection, or a hang that ends in a dropped connection. A
vendor's retries are proven by scripting failures first, then a 200.

In replay mode nothing is listening: what the receiver got while the run was recorded is
stored beside the check's cassette (:class:`Inbox`) and read back from there.
"""
from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal

from golive.redact import redactor

__all__ = ["Answer", "Delivery", "Inbox", "Receiver"]


@dataclass(frozen=True)
class Answer:
    """What the receiver does with one request."""

    status: int = 200
    body: bytes = b'{"received": true}'
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})
    action: Literal["answer", "drop", "hang"] = "answer"
    hang_seconds: float = 0.0  # "hang": wait this long, then drop the connection

    @classmethod
    def drop(cls) -> Answer:
        """Close the connection without answering (a crashed system)."""
        return cls(action="drop")

    @classmethod
    def hang(cls, seconds: float) -> Answer:
        """Say nothing for ``seconds``, then drop the connection (a hung system)."""
        return cls(action="hang", hang_seconds=seconds)


@dataclass(frozen=True)
class Delivery:
    """One request the receiver got, exactly as it arrived."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    status: int | None  # what the receiver answered; None when it dropped the connection

    def json(self) -> object:
        return json.loads(self.body)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["headers"] = redactor.headers(self.headers)
        data["body"] = base64.b64encode(self.body).decode("ascii")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Delivery:
        return cls(method=str(data["method"]), path=str(data["path"]), headers=dict(data["headers"]),  # type: ignore[call-overload]
                   body=base64.b64decode(str(data["body"])), status=data["status"])  # type: ignore[arg-type]


class Receiver:
    """A threaded HTTP server on a free loopback port; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deliveries: list[Delivery] = []
        self._scripts: dict[str, list[Answer]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, path: str, answers: Iterable[Answer]) -> None:
        """Answer the next requests to ``path`` with ``answers`` in order, then 200 again."""
        with self._lock:
            self._scripts["/" + path.lstrip("/")] = list(answers)

    def clear(self) -> None:
        """Forget what was received and scripted (a new check)."""
        with self._lock:
            self._deliveries.clear()
            self._scripts.clear()

    def deliveries(self, path: str | None = None) -> list[Delivery]:
        with self._lock:
            return [d for d in self._deliveries if path is None or d.path == "/" + path.lstrip("/")]

    def _next_answer(self, path: str) -> Answer:
        with self._lock:
            script = self._scripts.get(path)
            return script.pop(0) if script else Answer()

    def _record(self, delivery: Delivery) -> None:
        with self._lock:
            self._deliveries.append(delivery)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()  # answers go out whole: no Nagle wait on a kept-alive connection (~40 ms each)
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?", 1)[0]
            answer = receiver._next_answer(path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            dropped = answer.action != "answer"
            receiver._record(Delivery(self.command, path, headers, body, None if dropped else answer.status))
            if dropped:
                if answer.action == "hang":
                    time.sleep(answer.hang_seconds)
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            for name, value in {**answer.headers, "content-length": str(len(answer.body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class Inbox:
    """What the receiver got during one check, live or as recorded beside the check's cassette."""

    def __init__(self, receiver: Receiver | None, recording: Path | None, mode: str) -> None:
        self.receiver = receiver
        self.recording = recording  # <cassette>.deliveries.json
        self.mode = mode  # "record" | "replay" | "off"

    def deliveries(self, path: str | None = None) -> list[Delivery]:
        """Every request received so far in this check (to ``path``, if given), oldest first."""
        if self.mode == "replay":
            stored = json.loads(self.recording.read_text("utf-8")) if self.recording and self.recording.exists() else []
            found = [Delivery.from_dict(d) for d in stored]
        else:
            if self.receiver is None:
                raise RuntimeError("no receiver is running for this target")
            found = self.receiver.deliveries()
            if self.mode == "record" and self.recording is not None:
                self.recording.parent.mkdir(parents=True, exist_ok=True)
                self.recording.write_text(json.dumps([d.to_dict() for d in found], indent=1) + "\n", "utf-8")
        return [d for d in found if path is None or d.path == "/" + path.lstrip("/")]
