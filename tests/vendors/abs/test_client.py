"""AbsClient against the real embedded ABS sandbox over HTTP: JWTs, headers, paths, safety."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from golive.http import VendorHttp
from golive.options import RunOptions
from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.abs.client import AbsClient, bearer
from golive.vendors.abs.data import AbsData
from golive.vendors.abs.sandbox import AbsSandbox
from golive.verdict import NotOnThisTarget

TODAY_NODE = "tests/vendors/abs/test_client.py"


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([AbsSandbox()]) as running:
        yield running


def make_target(server: SandboxServer, tmp_path: Path, *, mode: str = "sandbox", allow_production: bool = False,
                credentials: dict[str, Any] | None = None) -> Target:
    """A Target on the embedded sandbox; mode "live" has no control protocol (like a real vendor)."""
    options = RunOptions(mode=mode, vendors=("abs",), root=tmp_path, allow_production=allow_production)
    made = Target(registry()["abs"], options, VendorHttp("abs", server.base_url("abs")), None)  # type: ignore[arg-type]
    made.credentials = credentials or made.http.request("GET", "/_sandbox/credentials").json()
    redactor.add(made.credentials["secret"], made.credentials["other_secret"])
    return made


@pytest.fixture
def target(server: SandboxServer, tmp_path: Path) -> Iterator[Target]:
    made = make_target(server, tmp_path)
    made.reset()
    yield made
    made.close()
    made.close()


def live_target(server: SandboxServer, tmp_path: Path, credentials: dict[str, Any], *,
                allow_production: bool) -> Target:
    """A live-mode target (no control protocol) that happens to point at the sandbox."""
    return make_target(server, tmp_path, mode="live", allow_production=allow_production, credentials=credentials)


@pytest.fixture
def client(target: Target) -> AbsClient:
    return AbsClient(target)


@pytest.fixture
def data() -> AbsData:
    return AbsData(1, TODAY_NODE)


@pytest.fixture
def spy(target: Target, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call the client makes to VendorHttp.request, with its keyword arguments."""
    calls: list[dict[str, Any]] = []
    real = target.http.request

    def request(method: str, path: str, **kwargs: Any) -> Any:
        calls.append({"method": method, "path": path, **kwargs})
        return real(method, path, **kwargs)

    monkeypatch.setattr(target.http, "request", request)
    return calls


def today(target: Target) -> str:
    return target.now().date().isoformat()


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    head, body, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (json.loads(base64.urlsafe_b64decode(pad(head))), json.loads(base64.urlsafe_b64decode(pad(body))),
            signature)


# -- identity and tokens (D-ABS-13) ----------------------------------------------------------------
def test_identity_comes_from_the_credentials(client: AbsClient, target: Target) -> None:
    assert client.partner_id == str(target.credentials["partner_id"]) == "1001"
    assert client.company == "tirecompany" and client.test_company == "tirecompany_test"


def test_the_default_token_follows_d_abs_13(client: AbsClient) -> None:
    token = client.token()
    header, claims, _ = segments(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    decoded = jwt.decode(token, client.secret.encode(), algorithms=["HS256"])
    assert decoded == claims
    assert set(claims) == {"partnerid", "claimdate", "iat"}  # no exp
    assert claims["partnerid"] == 1001 and isinstance(claims["partnerid"], int)  # a number when all digits
    claimdate = datetime.strptime(claims["claimdate"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(claimdate - datetime.now(UTC)) < timedelta(minutes=1)
    assert isinstance(claims["iat"], int)


def test_token_overrides_and_drops(client: AbsClient) -> None:
    _, claims, _ = segments(client.token(partnerid="1002", drop=("claimdate",), exp=5))
    assert claims == {"partnerid": 1002, "iat": claims["iat"], "exp": 5}
    _, claims, _ = segments(client.token(partnerid="P-7"))
    assert claims["partnerid"] == "P-7"
    _, claims, _ = segments(client.token(drop=("partnerid",)))
    assert "partnerid" not in claims


def test_tokens_for_abs_05(client: AbsClient) -> None:
    unsigned = client.token(algorithm="none")
    header, _, signature = segments(unsigned)
    assert header["alg"] == "none" and signature == ""
    header, _, _ = segments(client.token(algorithm="HS512"))
    assert header["alg"] == "HS512"
    confused = client.token(header_alg="RS256")
    header, _, signature = segments(confused)
    assert header["alg"] == "RS256"
    signing_input = confused.rsplit(".", 1)[0].encode()
    expected = base64.urlsafe_b64encode(hmac.new(client.secret.encode(), signing_input, hashlib.sha256).digest())
    assert signature == expected.rstrip(b"=").decode()
    other = client.token(secret="another-secret-of-a-decent-length-0123456789")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(other, client.secret.encode(), algorithms=["HS256"])


def test_every_minted_token_is_registered_for_redaction(client: AbsClient) -> None:
    tokens = [client.token(), client.token(algorithm="none"), client.token(header_alg="RS256"),
              client.token(algorithm="HS512")]
    for token in tokens:
        assert token in redactor._values
        assert token not in redactor.text(f"sent {token}")


# -- POST ----------------------------------------------------------------------------------------
def test_post_goes_to_the_test_company_with_the_documented_headers(client: AbsClient, target: Target,
                                                                   data: AbsData, spy: list) -> None:
    day = today(target)
    response = client.send("registration", data.registration(day))
    assert response.status_code == 200 and "Successfully Posted" in response.text
    assert spy[-1]["own_credentials"] is True and spy[-1]["method"] == "POST"
    request = response.request
    assert request.url.path == "/abs/v2/partners/tirecompany_test"
    assert request.headers["authorization"] == f"Bearer {client.default_token()}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content)["Registrations"][0]["PlanEnrollDate"] == day


def test_post_raw_bodies_and_content_types(client: AbsClient, spy: list) -> None:
    response = client.post("not json", content_type="text/plain")
    assert response.request.content == b"not json" and response.request.headers["content-type"] == "text/plain"
    assert response.status_code in (400, 415)
    response = client.post(b'{"Registrations": []}', content_type=None)
    assert "content-type" not in response.request.headers
    response = client.post(None)
    assert response.request.content == b"" and response.status_code == 400


def test_post_without_or_with_another_authorization(client: AbsClient, data: AbsData, target: Target,
                                                    spy: list) -> None:
    response = client.send("sale", data.sale(today(target)), authorization=None)
    assert "authorization" not in response.request.headers and response.status_code == 401
    assert spy[-1]["own_credentials"] is False
    response = client.send("sale", data.sale(today(target)), authorization="Basic abc")
    assert response.request.headers["authorization"] == "Basic abc" and response.status_code == 401
    assert spy[-1]["own_credentials"] is False


def test_the_real_token_on_another_company_is_not_our_own_credentials(client: AbsClient, target: Target,
                                                                      data: AbsData, spy: list) -> None:
    response = client.send("registration", data.registration(today(target)), company="othercompany_test")
    assert response.status_code == 401  # expected by ABS-09, so not "credentials rejected"
    assert spy[-1]["own_credentials"] is False


def test_production_writes_need_allow_production_live(server: SandboxServer, target: Target, tmp_path: Path,
                                                      data: AbsData) -> None:
    guarded = AbsClient(live_target(server, tmp_path, target.credentials, allow_production=False))
    with pytest.raises(NotOnThisTarget, match="--allow-production"):
        guarded.send("registration", data.registration(today(target)), company=guarded.company)
    assert guarded.target.http.traffic.seen == []  # nothing was sent
    assert guarded.send("registration", data.registration(today(target))).status_code == 200  # _test is fine
    allowed = AbsClient(live_target(server, tmp_path, target.credentials, allow_production=True))
    assert allowed.send("registration", data.registration(today(target)), company=allowed.company).status_code == 200
    guarded.target.http.close()
    allowed.target.http.close()


def test_production_writes_are_allowed_in_the_sandbox(client: AbsClient, target: Target, data: AbsData) -> None:
    assert client.send("sale", data.sale(today(target)), company=client.company).status_code == 200


# -- GET -----------------------------------------------------------------------------------------
def test_get_parameters_and_headers_as_documented(client: AbsClient, target: Target, data: AbsData,
                                                  spy: list) -> None:
    record = data.registration(today(target))
    client.send("registration", record)
    response = client.get("registration", record["ShopID"], record["InvoiceNumber"])
    assert response.status_code == 200 and response.json()["ShopID"] == record["ShopID"]
    params = dict(response.request.url.params)
    assert params == {"rec": "registrations", "partnerid": "1001", "ShopID": record["ShopID"],
                      "InvoiceNumber": record["InvoiceNumber"]}
    assert b"Authorization" in [k for k, _ in response.request.headers.raw]  # as the GET examples write it
    assert response.request.headers["content-type"] == "application/json"
    assert spy[-1]["own_credentials"] is True and spy[-1]["method"] == "GET"


def test_get_lower_case_spelling_org_and_dropped_parameters(client: AbsClient, data: AbsData) -> None:
    response = client.get("sales", "0001", "0002", org_id="G", spelling="lower")
    assert dict(response.request.url.params) == {"rec": "sales", "partnerid": "1001", "orgid": "G",
                                                 "shopid": "0001", "invoicenumber": "0002"}
    response = client.get(None, None, "0002", partnerid=None)
    assert dict(response.request.url.params) == {"InvoiceNumber": "0002"} and response.status_code == 400
    response = client.get("claims", "1", "2", params={"extra": "x"})
    assert response.request.url.params["extra"] == "x"


def test_get_lower_case_header_names(client: AbsClient) -> None:
    response = client.get("registrations", "0001", "0002", lower_headers=True)
    names = [k for k, _ in response.request.headers.raw]
    assert b"authorization" in names and b"Authorization" not in names
    assert response.status_code == 204


def test_get_with_another_partnerid_is_not_our_own_credentials(client: AbsClient, spy: list) -> None:
    response = client.get("registrations", "0001", "0002", partnerid="1002")
    assert response.status_code in (401, 204) and spy[-1]["own_credentials"] is False


def test_status_and_read(client: AbsClient, target: Target, data: AbsData) -> None:
    registration = data.registration(today(target), TiresCovered=2)
    client.send("registration", registration)
    claim = data.claim(registration)
    assert client.send("claim", [claim]).status_code == 200
    status = client.status(registration["ShopID"], registration["InvoiceNumber"])
    assert status.request.url.params["rec"] == "registrationstatus"
    assert status.json()["TiresLeft"] == 1 and status.json()["WarrantyStatus"] == 1
    read = client.read("claim", claim)
    assert read.request.url.params["rec"] == "claims" and read.json()["RepairInvoiceNumber"] == claim[
        "RepairInvoiceNumber"]


def test_the_fuzz_plan_uses_the_client(target: Target) -> None:
    plan = registry()["abs"].fuzz_plan(target)
    assert plan.path_parameters == {"company": "tirecompany_test"}
    assert plan.headers["authorization"].startswith("Bearer ey")


def test_bearer() -> None:
    assert bearer("abc") == "Bearer abc"
