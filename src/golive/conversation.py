"""The answers of one scenario, in order (vendor-neutral).

A vendor's steps record every answer they want judged (``conversation.record(response)``);
the common steps judge the last one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import httpx


@dataclass
class Conversation:
    """The answers of one scenario, in order."""

    responses: list[httpx.Response] = field(default_factory=list)

    def record(self, response: httpx.Response) -> httpx.Response:
        """Keep ``response`` as the latest answer and hand it back."""
        self.responses.append(response)
        return response

    @property
    def last(self) -> httpx.Response:
        """The latest answer; a RuntimeError (a broken scenario, not a verdict) before any."""
        if not self.responses:
            raise RuntimeError("no request has been sent in this scenario yet")
        return self.responses[-1]
