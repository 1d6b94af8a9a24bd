"""Vendor-neutral steps: what came back, said the same way for every vendor.

A vendor's steps put each answer into the ``conversation`` fixture
(``conversation.record(response)``); these steps judge the last one.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_bdd import parsers, then

from golive import checks
from golive.verdict import Level

log = logging.getLogger("golive.steps")
_CODES = r"(?P<codes>\d{3}(?:(?:, | or |, or )\d{3})*)"


@dataclass
class Conversation:
    """The answers of one scenario, in order."""

    responses: list[httpx.Response] = field(default_factory=list)

    def record(self, response: httpx.Response) -> httpx.Response:
        self.responses.append(response)
        return response

    @property
    def last(self) -> httpx.Response:
        if not self.responses:
            raise RuntimeError("no request has been sent in this scenario yet")
        return self.responses[-1]


def codes_of(text: str) -> list[int]:
    return [int(c) for c in re.findall(r"\d{3}", text)]


def scenario_level(request: pytest.FixtureRequest) -> Level:
    """The running scenario's level, as the plugin computes it (FACT if any id is fact-level,
    unless @assumption and no id is a severity override)."""
    try:
        from golive.plugin import describe, level_of

        return level_of(describe(request.node))
    except (ImportError, AttributeError, KeyError, TypeError, ValueError):  # not a golive check: same rule here
        from golive.catalogue import catalogue

        marks = {m.name for m in request.node.iter_markers()}
        items = [catalogue()[m] for m in marks if m in catalogue()]
        override = any(b.level is Level.FACT and "implied" in b.basis.split("/")[0] for b in items)
        fact = any(b.level is Level.FACT for b in items) and (override or "assumption" not in marks)
        return Level.FACT if fact or not items else Level.ASSUMPTION


@pytest.fixture
def conversation() -> Conversation:
    return Conversation()


@pytest.fixture
def rejection_documented(request: pytest.FixtureRequest) -> bool:
    """In a fact-level scenario the rejection is documented: accepting is a broken fact."""
    return scenario_level(request) is Level.FACT


@then(parsers.re(rf"the answer is {_CODES}$"))
def answer_is(conversation: Conversation, codes: str) -> None:
    checks.status(conversation.last, codes_of(codes))


@then(parsers.re(rf"it is refused with {_CODES}$"))
def refused_with(conversation: Conversation, codes: str, rejection_documented: bool) -> None:
    first, *rest = codes_of(codes)
    checks.refused(conversation.last, first, rest, documented=rejection_documented)


@then(parsers.re(rf"it is refused with {_CODES}, as implied$"))
def refused_as_implied(conversation: Conversation, codes: str) -> None:
    """The implied (or @assumption) part of a scenario whose other checks are facts: WARNING at most."""
    first, *rest = codes_of(codes)
    with checks.assumed():
        checks.refused(conversation.last, first, rest, stated=False, documented=False)


@then(parsers.re(rf"it is refused with {_CODES}, or (?P<tolerated>\d{{3}}) as tolerated$"))
def refused_tolerating(conversation: Conversation, codes: str, tolerated: str, rejection_documented: bool) -> None:
    first, *rest = codes_of(codes)
    checks.refused(conversation.last, first, [*rest, int(tolerated)], documented=rejection_documented)


@then("the answer body is empty")
def body_empty(conversation: Conversation) -> None:
    checks.empty_body(conversation.last, why="the document promises a blank body")


@then("the answer body is a JSON object")
def body_object(conversation: Conversation) -> None:
    checks.json_object(conversation.last)


@then("the answer body is a JSON array")
def body_array(conversation: Conversation) -> None:
    checks.json_array(conversation.last)


@then(parsers.parse('the answer body contains "{text}"'))
def body_contains(conversation: Conversation, text: str) -> None:
    checks.body_contains(conversation.last, text)


@then("the outcome is recorded without a verdict")
def recorded_only(conversation: Conversation, record_property: Any) -> None:
    """A probe: the exchange is kept as evidence; nothing is asserted."""
    response = conversation.last
    outcome = f"{response.request.method} {response.request.url.path} answered {response.status_code}"
    record_property("probe", outcome)
    log.info("probe (not asserted): %s: %s", outcome, checks.excerpt(response))
