"""Targets: where a vendor is reached (sandbox, live, replay), with what credentials and clock."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from golive import config as config_module
from golive.cassettes import Cassettes
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.pacing import PACE_WINDOW, Pace
from golive.receiver import Answer, Inbox, Receiver
from golive.redact import redactor
from golive.types import VendorSpec
from golive.verdict import NoConclusion, NotOnThisTarget

REPLAY_BASE = "http://127.0.0.1"


class Target:
    """One vendor as the suite reaches it in this run."""

    def __init__(self, spec: VendorSpec, options: RunOptions, http: VendorHttp, cassettes: Cassettes) -> None:
        self.spec = spec
        self.options = options
        self.http = http
        self.cassettes = cassettes
        self.credentials: dict[str, Any] = {}
        self.settings: dict[str, Any] = {}
        self.data_seed = options.seed
        self.fuzz_examples = options.fuzz_examples
        self.start_receiver: Callable[[], Receiver] | None = None  # the run's receiver, started on first use

    @property
    def mode(self) -> str:
        return self.options.mode

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def include_destructive(self) -> bool:
        """Live: the user opted in to quota, account and e-mail checks (interface.md §9)."""
        return self.options.include_destructive

    @property
    def max_wait(self) -> float:
        """Live: the longest vendor time window a check may wait out (``--max-wait``)."""
        return self.options.max_wait

    @property
    def controllable(self) -> bool:
        """True where the sandbox control protocol answers (sandbox, and its replay)."""
        return self.mode != "live"

    def _control(self, method: str, path: str, **kwargs: Any) -> Any:
        if not self.controllable:
            raise NotOnThisTarget("needs the sandbox control protocol, which a real vendor does not have")
        response = self.http.request(method, f"/_sandbox/{path}", **kwargs)
        if response.status_code >= 400:
            raise NoConclusion(f"sandbox control {method} /_sandbox/{path} answered {response.status_code}")
        return response.json() if response.content else None

    def reset(self) -> None:
        self._control("POST", "reset")

    def now(self) -> datetime:
        """The vendor's clock: the sandbox's own, or the wall clock for a live vendor."""
        if not self.controllable:
            return datetime.now(UTC)
        return datetime.fromisoformat(self._control("GET", "clock")["now"].replace("Z", "+00:00"))

    def advance(self, seconds: float) -> datetime:
        """Move the vendor clock forward (sandbox only; never real sleeping)."""
        now = self._control("POST", "clock", json={"advance_seconds": seconds})["now"]
        return datetime.fromisoformat(now.replace("Z", "+00:00"))

    def outbox(self) -> list[dict[str, Any]]:
        return self._control("GET", "outbox")

    def leads(self) -> list[dict[str, Any]]:
        return self._control("GET", "leads")

    def receiver_url(self, path: str) -> str:
        """Where golive's loopback receiver takes calls to ``path`` (a placeholder in replay: nothing listens)."""
        if self.mode == "replay" or self.start_receiver is None:
            return f"{REPLAY_BASE}:9/{path.lstrip('/')}"  # cassettes store every loopback origin without its port
        return self.start_receiver().url(path)

    def script_receiver(self, path: str, answers: Iterable[Answer]) -> None:
        """How the receiver answers the next calls to ``path`` (ignored in replay)."""
        if self.mode != "replay" and self.start_receiver is not None:
            self.start_receiver().script(path, answers)

    def inbox(self) -> Inbox:
        """What the receiver got during the running check, live or from its recording."""
        receiver = self.start_receiver() if self.mode != "replay" and self.start_receiver is not None else None
        return Inbox(receiver, self.cassettes.beside_current(".deliveries.json"), self.cassettes.mode)

    def allows_production_writes(self) -> bool:
        return self.controllable or self.options.allow_production

    def close(self) -> None:
        self.http.close()


def _mixed_seed(seed: int, salt: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{salt}".encode()).digest()[:6], "big")


def open_target(spec: VendorSpec, options: RunOptions, sandbox_url: str | None, stamp: str) -> Target:
    """Connect to one vendor: fetch sandbox credentials, or resolve the live configuration.

    Raises NoConclusion (→ ERROR) when the target cannot be reached or has no recording.
    """
    cassettes = Cassettes(options.cassette_dir / spec.name, options.cassette_mode)
    if options.mode == "live":
        live = options.live[spec.name]
        rates = spec.live_rates  # a loopback stand-in skips the per-minute pace, never a budget
        if config_module.is_loopback(live.base_url):
            rates = tuple(rate for rate in rates if rate[1] > PACE_WINDOW)
        http = VendorHttp(spec.name, live.base_url, pace=Pace(spec.name, rates, max_wait=options.max_wait),
                          own_credentials_are_config=True, timeout=options.timeout)
        target = Target(spec, options, http, cassettes)
        target.credentials, target.settings = live.credentials, live.settings
        target.data_seed = _mixed_seed(options.seed, stamp)  # live test tables persist: fresh keys per run
        redactor.add(*(live.credentials.get(k) for k in spec.secret_credentials))
    else:
        base = f"{REPLAY_BASE}/{spec.name}" if options.mode == "replay" else f"{sandbox_url}/{spec.name}"
        transport = cassettes.transport if options.mode == "replay" else None
        target = Target(spec, options, VendorHttp(spec.name, base, timeout=options.timeout, transport=transport),
                        cassettes)
        if options.mode == "replay":
            meta = cassettes.read_meta()
            target.data_seed, target.fuzz_examples = meta["data_seed"], meta["fuzz_examples"]
        redactor.add_keys(*spec.secret_credentials)  # masked by name as the credentials' cassette is recorded
        with cassettes.use("_session", "credentials"):
            target.credentials = target._control("GET", "credentials")
        redactor.add(*(str(target.credentials.get(k, "")) for k in spec.secret_credentials))
    if options.record:
        cassettes.write_meta({"vendor": spec.name, "recorded_from": options.mode, "seed": options.seed,
                              "data_seed": target.data_seed, "fuzz_examples": options.fuzz_examples})
    return target
