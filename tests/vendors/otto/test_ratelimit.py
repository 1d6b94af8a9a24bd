"""Otto's rate limit on the vendor clock: 100 requests per rolling 15 minutes per API key (otto.md). No sleeping."""
from __future__ import annotations

import httpx
import pytest

from .support import CUSTOMER, Otto, body


@pytest.fixture
def o() -> Otto:
    return Otto()


def spend(o: Otto, n: int, key: str | None = None) -> list[int]:
    """The statuses of ``n`` health requests with ``key`` (default: the first key)."""
    return [o.get("health", headers=o.auth(key)).status_code for _ in range(n)]


def refused(response: httpx.Response) -> int:
    """Assert a 429 in otto.md's shape; its Retry-After."""
    assert response.status_code == 429
    assert response.json() == {"success": False, "message": response.json()["message"]}
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= 900
    return retry_after


def test_100_pass_the_101st_is_refused_and_not_processed(o: Otto) -> None:
    o.customer()  # every authenticated request counts, whatever the endpoint
    assert o.post("customers/sync", {}).status_code == 400  # refused by validation, but counted
    assert o.get("nowhere").status_code == 404
    assert set(spend(o, 97)) == {200}
    retry_after = refused(o.post("customers/sync", body(CUSTOMER, externalId="LATE")))
    assert len(o.sandbox.store.customers) == 1  # the refused sync did nothing
    assert retry_after >= 899
    refused(o.get("health"))


def test_the_other_key_has_its_own_window(o: Otto) -> None:
    second = o.creds["second_api_key"]
    spend(o, 100)
    refused(o.get("health"))
    assert set(spend(o, 100, second)) == {200}
    refused(o.get("health", headers=o.auth(second)))


def test_served_again_once_the_window_has_passed(o: Otto) -> None:
    spend(o, 100)
    o.advance(899)
    retry_after = refused(o.get("health"))
    assert retry_after <= 2
    o.advance(retry_after)  # Retry-After is honest
    assert set(spend(o, 100)) == {200}
    refused(o.get("health"))


def test_the_window_rolls(o: Otto) -> None:
    spend(o, 60)
    o.advance(600)
    spend(o, 40)
    assert 299 <= refused(o.get("health")) <= 300
    o.advance(300)  # the first 60 have left the window, the last 40 have not
    assert spend(o, 61) == [200] * 60 + [429]


def test_unauthenticated_and_refused_requests_do_not_count(o: Otto) -> None:
    for _ in range(150):
        assert o.get("health", headers={}).status_code == 401
        assert o.get("health", headers=o.auth("not-a-key")).status_code == 401
    spend(o, 100)
    assert spend(o, 50) == [429] * 50
    o.advance(900)
    assert set(spend(o, 100)) == {200}


def test_reset_clears_the_windows(o: Otto) -> None:
    spend(o, 100)
    refused(o.get("health"))
    assert o.http.post("/otto/_sandbox/reset").status_code == 204
    assert set(spend(o, 100)) == {200}
