"""VendorHttp: evidence, verdict-bearing answers; the transport is swapped for a MockTransport."""
import httpx
import pytest

from golive.http import VendorHttp, collecting
from golive.redact import MASK
from golive.verdict import BrokenFact, CredentialsRejected, ServerFault, TargetUnreachable


def http_answering(*statuses: int, **kwargs: object) -> VendorHttp:
    answers = iter(statuses)
    transport = httpx.MockTransport(lambda request: httpx.Response(next(answers), json={"ok": True}))
    return VendorHttp("abs", "https://vendor.test/base", transport=transport, **kwargs)


def test_exchanges_are_collected_redacted() -> None:
    http = http_answering(200)
    with collecting() as evidence:
        http.request("POST", "/v2/x", json={"a": 1}, headers={"authorization": "Bearer abc.def.ghi"})
    (exchange,) = evidence.exchanges()
    assert exchange.url == "https://vendor.test/base/v2/x"
    assert exchange.request_headers["authorization"] == MASK
    assert exchange.status == 200 and '"ok"' in exchange.response_body
    assert http.traffic.seen == [("POST", "/base/v2/x", 200)]


def test_a_gateway_error_on_the_first_request_is_no_conclusion() -> None:
    http = http_answering(503)
    with pytest.raises(TargetUnreachable):
        http.request("GET", "/")
    with pytest.raises(TargetUnreachable):  # and every later request says so at once
        http.request("GET", "/")


@pytest.mark.parametrize("statuses", [(200, 503), (500,)])
def test_any_other_5xx_is_failed(statuses: tuple[int, ...]) -> None:
    http = http_answering(*statuses)
    with pytest.raises(ServerFault):
        for _ in statuses:
            http.request("GET", "/")


def test_unreachable_target() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    http = VendorHttp("abs", "https://vendor.test", transport=httpx.MockTransport(refuse))
    with pytest.raises(TargetUnreachable, match="unreachable"):
        http.request("GET", "/")


def test_401_to_own_credentials() -> None:
    with pytest.raises(CredentialsRejected):
        http_answering(401, own_credentials_are_config=True).request("GET", "/", own_credentials=True)
    with pytest.raises(BrokenFact):
        http_answering(401).request("GET", "/", own_credentials=True)
    assert http_answering(401).request("GET", "/").status_code == 401  # a deliberate bad token
