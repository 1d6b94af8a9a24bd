"""golive.conversation: the answers of one scenario, in order."""
from __future__ import annotations

import httpx
import pytest

from golive.conversation import Conversation


def answer(status: int) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("GET", "http://vendor.test/"))


def test_record_keeps_every_answer_in_order_and_hands_it_back() -> None:
    conversation = Conversation()
    first, second = answer(200), answer(400)
    assert conversation.record(first) is first
    assert conversation.record(second) is second
    assert conversation.responses == [first, second]
    assert conversation.last is second


def test_last_before_any_answer_is_a_broken_scenario_not_a_verdict() -> None:
    with pytest.raises(RuntimeError, match="no request has been sent in this scenario yet"):
        _ = Conversation().last


def test_each_conversation_starts_empty() -> None:
    first = Conversation()
    first.record(answer(200))
    assert Conversation().responses == []
