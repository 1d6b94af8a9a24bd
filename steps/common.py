"""Vendor-neutral steps: what came back, said the same way for every vendor.

A vendor's steps put each answer into the ``conversation`` fixture
(``conversation.record(response)``); these steps judge the last one.
"""
from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from pytest_bdd import parsers, then

from golive import checks
from golive.check_record import CheckRecord, level_of
from golive.conversation import Conversation
from golive.verdict import Level

log = logging.getLogger("golive.steps")
CODES = r"(?P<codes>\d{3}(?:(?:, | or |, or )\d{3})*)"


def codes_of(text: str) -> list[int]:
    return [int(c) for c in re.findall(r"\d{3}", text)]




@pytest.fixture
def conversation() -> Conversation:
    return Conversation()


@pytest.fixture
def rejection_documented(check_record: CheckRecord) -> bool:
    """In a fact-level scenario the rejection is documented: accepting is a broken fact."""
    return level_of(check_record) is Level.FACT


@then(parsers.re(rf"the answer is {CODES}$"))
def answer_is(conversation: Conversation, codes: str) -> None:
    checks.status(conversation.last, codes_of(codes))


@then(parsers.re(rf"it is refused with {CODES}$"))
def refused_with(conversation: Conversation, codes: str, rejection_documented: bool) -> None:
    checks.refused(conversation.last, codes_of(codes), documented=rejection_documented)


@then(parsers.re(rf"it is refused with {CODES}, as implied$"))
def refused_as_implied(conversation: Conversation, codes: str) -> None:
    """The implied (or @assumption) part of a scenario whose other checks are facts: WARNING at most."""
    with checks.assumed():
        checks.refused(conversation.last, codes_of(codes), stated=False, documented=False)


@then(parsers.re(rf"it is refused with {CODES}, or (?P<tolerated>\d{{3}}) as tolerated$"))
def refused_tolerating(conversation: Conversation, codes: str, tolerated: str, rejection_documented: bool) -> None:
    checks.refused(conversation.last, codes_of(codes), [int(tolerated)], documented=rejection_documented)


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
