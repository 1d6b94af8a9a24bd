"""The embedded OTMS sandbox's API against shared/spec/vendors/tms.md (in process, over ASGI)."""
from __future__ import annotations

import base64
import re
import uuid
from typing import Any

import pytest

from golive.vendors.tms.sandbox import TmsSandbox

from .support import DOC_ITEM, DOC_MAPPING, DOC_TEST_DATA, SAMPLES, Tms

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
KINDS = ("objects", "logs", "requestLogs", "tasks")


@pytest.fixture
def t() -> Tms:
    return Tms()


def basic(credentials: dict[str, str], secret: str | None = None) -> dict[str, str]:
    pair = f"{credentials['clientId']}:{secret or credentials['clientSecret']}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


# --- control protocol and auth --------------------------------------------------------

def test_credentials_reset_and_clock(t: Tms) -> None:
    assert set(t.http.get("/_sandbox/credentials").json()) == {"token"}
    t.create()
    before = t.http.get("/_sandbox/clock").json()["now"]
    assert t.advance(3600)[:13] != before[:13]
    assert t.http.post("/_sandbox/reset").status_code == 204
    assert t.http.get("/_sandbox/clock").json()["now"][:13] == before[:13]
    assert t.http.get("/_sandbox/credentials").json()["token"] == t.token  # the token survives resets
    assert t.http.get("/_sandbox/outbox").json() == [] and t.http.get("/_sandbox/leads").json() == []
    assert Tms(sandbox=TmsSandbox(secrets={"token": "tok"})).token == "tok"


CALLS = [("POST", "", {"name": "n", "type": "configured"}), ("POST", "/generate/credentials", {}),
         ("POST", "/dataSource/mapping:test", {}), ("POST", "/fileTemplate/mapping:test", {}),
         ("POST", "/import/data", {}), ("POST", "/email", {}), ("POST", "/file/upload", {}),
         *[("GET", f"/{{id}}/{kind}/0/20", None) for kind in KINDS]]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Token x"}, {"Authorization": "Basic Zm9vOmJhcg=="},
                                     {"Authorization": "Basic %%%"}])
def test_every_call_needs_the_token(t: Tms, headers: dict[str, str]) -> None:
    integration = t.create()
    for method, path, body in CALLS:
        response = t.http.request(method, "/api/integration" + path.replace("{id}", integration), json=body,
                                  headers=headers)
        assert (response.status_code, response.json()["success"]) == (401, False), (method, path)
    assert len(t.sandbox.store.integrations) == 1


def test_header_and_scheme_case(t: Tms) -> None:
    assert t.post("", {"name": "n", "type": "t"}, headers={"authorization": f"bearer {t.token}"}).status_code == 200


# --- create ---------------------------------------------------------------------------

def test_create_the_documented_example(t: Tms) -> None:
    body = {"name": "ERP Sync - New Orders", "type": "configured",
            "description": "Push new transport orders to our ERP system when they are created", "enabled": True}
    response = t.post("", body)
    assert response.status_code == 200
    reply = response.json()
    assert (reply["success"], reply["message"]) == (True, "OK")
    shown = reply["integration"]
    assert set(shown) == {"id", "name", "type", "enabled", "createdAt"}
    assert (shown["name"], shown["type"], shown["enabled"]) == (body["name"], "configured", True)
    assert str(uuid.UUID(shown["id"])) == shown["id"] and STAMP.fullmatch(shown["createdAt"])
    assert t.get(f"/{shown['id']}/objects/0/20").status_code == 200


def test_create_options(t: Tms) -> None:
    off = t.post("", {"name": "n", "type": "app-store", "enabled": False}).json()["integration"]
    assert (off["enabled"], off["type"]) == (False, "app-store")
    assert t.post("", {"name": "n", "type": "t"}).json()["integration"]["enabled"] is True
    full = t.post("", {"name": "n", "type": "t", "target": {"url": "http://localhost:9/x"}, "mapping": {"a": "$"},
                       "filters": {"$.transportOrder.status": "requested"}})
    assert full.status_code == 200


@pytest.mark.parametrize(("body", "named"), [
    ({"type": "t"}, "name"), ({"name": "", "type": "t"}, "name"), ({"name": 5, "type": "t"}, "name"),
    ({"name": "n"}, "type"), ({"name": "n", "type": "t", "enabled": "true"}, "enabled"),
    *[({"name": "n", "type": "t", **extra}, named) for extra, named in [
        ({"enabled": None}, "enabled"), ({"description": 1}, "description"), ({"description": None}, "description"),
        ({"target": {"url": "/relative"}}, "target"), ({"target": {"url": "ftp://x/y"}}, "target"),
        ({"target": "http://x"}, "target"), ({"target": {"url": "http://h:99999/"}}, "target"),
        ({"mapping": []}, "mapping"), ({"mapping": None}, "mapping"), ({"filters": "x"}, "filters"),
        ({"filters": {"$.[": 1}}, "$.[")]],
])
def test_create_400(t: Tms, body: dict[str, Any], named: str) -> None:
    response = t.post("", body)
    assert response.status_code == 400 and named in response.json()["message"]
    assert response.json()["success"] is False and not t.sandbox.store.integrations


@pytest.mark.parametrize("raw", [b"", b"not json", b"[]", b'"x"', b"\xff", b'{"name": NaN}', b"[" * 5000])
def test_create_body_must_be_a_json_object(t: Tms, raw: bytes) -> None:
    assert t.post("", content=raw, headers={**t.auth(), "content-type": "application/json"}).status_code == 400


# --- credentials ----------------------------------------------------------------------

def test_credentials_scope(t: Tms) -> None:
    mine, other = t.create(), t.create()
    response = t.post("/generate/credentials", {"integrationId": mine})
    assert response.status_code == 200 and response.json()["success"] is True
    first = response.json()["credentials"]
    second = t.post("/generate/credentials", {"integrationId": mine}).json()["credentials"]
    assert set(first) == {"clientId", "clientSecret"} and first != second
    for pair in (first, second):  # regenerating does not revoke (D-TMS-01 leaves it open)
        for kind in KINDS:
            assert t.get(f"/{mine}/{kind}/0/20", basic(pair)).status_code == 200
        assert t.get(f"/{other}/objects/0/20", basic(pair)).status_code == 403
        assert t.get(f"/{uuid.uuid4()}/objects/0/20", basic(pair)).status_code == 403
        assert t.post("", {"name": "n", "type": "t"}, basic(pair)).status_code == 401
        assert t.mapping_test().status_code == 200
        assert t.post("/dataSource/mapping:test", {"mapping": {}, "testData": 1}, basic(pair)).status_code == 401
    assert t.get(f"/{mine}/objects/0/20", basic(first, "wrong")).status_code == 401


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"integrationId": 7}, 400), ({"integrationId": ""}, 400),
                                               ({"integrationId": str(uuid.uuid4())}, 404)])
def test_credentials_refused(t: Tms, body: dict[str, Any], status: int) -> None:
    assert t.post("/generate/credentials", body).status_code == status
    assert not t.sandbox.store.credentials


# --- mapping:test ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["dataSource", "fileTemplate"])
def test_documented_mapping_example(t: Tms, kind: str) -> None:
    response = t.mapping_test(kind=kind)
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "OK", "result": {
        "erp_order_id": "test-uuid", "customer_name": "Acme Corp", "status": "requested",
        "created": "2026-03-22T10:00:00Z"}}


def test_colon_routes_encoded_or_not(t: Tms) -> None:
    body = {"mapping": DOC_MAPPING, "testData": DOC_TEST_DATA}
    assert t.http.post("/api/integration/dataSource/mapping%3Atest", json=body, headers=t.auth()).status_code == 200


def test_mapping_semantics(t: Tms) -> None:
    data = {"o": {"n": 1.5, "b": False, "obj": {"x": [1]}, "arr": [{"k": "a"}, {"k": "b"}], "nil": None, "s": "1"}}
    mapping = {"n": "$.o.n", "b": "$.o.b", "obj": "$.o.obj", "first": "$.o.arr[0].k", "all": "$.o.arr[*].k",
               "none": "$.o.missing", "nil": "$.o.nil", "s": "$.o.s", "root": "$", "deep": "$..x",
               "filtered": "$.o.arr[?@.k == 'b'].k"}
    result = t.mapping_test(mapping, data).json()["result"]
    assert result == {"n": 1.5, "b": False, "obj": {"x": [1]}, "first": "a", "all": ["a", "b"], "none": None,
                      "nil": None, "s": "1", "root": data, "deep": [1], "filtered": "b"}
    assert t.mapping_test({}, None).json()["result"] == {}
    assert t.mapping_test({"s": "$"}, "text").json()["result"] == {"s": "text"}


@pytest.mark.parametrize(("body", "named"), [
    ({"testData": {}}, "mapping"), ({"mapping": {"a": "$"}}, "testData"), ({"mapping": [], "testData": {}}, "mapping"),
    ({"mapping": {"bad": 5}, "testData": {}}, "bad"), ({"mapping": {"k1": "$.a", "k2": "$.["}, "testData": {}}, "k2"),
    ({"mapping": {"k": "a.b"}, "testData": {}}, "k"), ({"mapping": {"k": ""}, "testData": {}}, "k"),
    ({"mapping": {"k": "$[99999999999999999999]"}, "testData": {}}, "k"),
    ({"mapping": {"k": "$[?nosuch(@)]"}, "testData": {}}, "k"),
])
def test_mapping_400_names_the_key(t: Tms, body: dict[str, Any], named: str) -> None:
    for kind in ("dataSource", "fileTemplate"):
        response = t.post(f"/{kind}/mapping:test", body)
        assert response.status_code == 400 and named in response.json()["message"], response.text


def test_mapping_test_has_no_side_effects(t: Tms) -> None:
    integration = t.create(target="http://127.0.0.1:9/never")
    t.imported(integration)
    before = {kind: t.listed(integration, kind) for kind in KINDS}
    t.mapping_test()
    t.mapping_test({"k": "$.["})
    assert {kind: t.listed(integration, kind) for kind in KINDS} == before and t.outbox() == []


# --- import and e-mail ----------------------------------------------------------------

def test_import_documented_example(t: Tms) -> None:
    integration = t.create()
    response = t.post("/import/data", {"integrationId": integration, "data": [DOC_ITEM, {"name": "b", "status": "x",
                                                                                     "id": "mine"}]})
    assert response.status_code == 200
    reply = response.json()
    assert (reply["success"], reply["message"], reply["imported"]) == (True, "OK", 2)
    orders = [t.sandbox.store.orders[i] for i in reply["transportOrderIds"]]
    assert orders[0] == {"id": reply["transportOrderIds"][0], "createdAt": orders[0]["createdAt"], **DOC_ITEM}
    assert (orders[1]["status"], orders[1]["id"] != "mine") == ("x", True)
    assert STAMP.fullmatch(orders[0]["createdAt"])
    assert t.listed(integration, "objects") == []  # no target: nothing to process


@pytest.mark.parametrize(("body", "status"), [
    ({"data": [DOC_ITEM]}, 400), ({"integrationId": "{id}", "data": {}}, 400), ({"integrationId": "{id}"}, 400),
    ({"integrationId": "{id}", "data": []}, 400), ({"integrationId": "{id}", "data": [DOC_ITEM, 5]}, 400),
    ({"integrationId": str(uuid.uuid4()), "data": [DOC_ITEM]}, 404),
])
def test_import_refused_imports_nothing(t: Tms, body: dict[str, Any], status: int) -> None:
    integration = t.create(target="http://127.0.0.1:9/x")
    body = {k: integration if v == "{id}" else v for k, v in body.items()}
    assert t.post("/import/data", body).status_code == status
    assert not t.sandbox.store.orders and t.listed(integration, "objects") == []


def test_email(t: Tms) -> None:
    mail = {"from": "orders@customer.com", "subject": "New transport request",
            "body": "Please arrange pickup of 20 pallets..."}
    response = t.post("/email", mail)
    assert response.status_code == 200
    order = response.json()["transportOrder"]
    assert order == {"id": order["id"], "name": mail["subject"], "status": "requested", "source": "email", **mail,
                     "createdAt": order["createdAt"]}
    assert t.post("/email", {"from": "a@b.co", "subject": "s"}).json()["transportOrder"]["body"] == ""


@pytest.mark.parametrize("mail", [{"subject": "s", "body": "b"}, {"from": "not-an-address", "subject": "s"},
                                  {"from": "a@b", "subject": "s"}, {"from": 5, "subject": "s"},
                                  {"from": "a@b.co", "body": "b"}, {"from": "a@b.co", "subject": "s", "body": 1}])
def test_email_400(t: Tms, mail: dict[str, Any]) -> None:
    assert t.post("/email", mail).status_code == 400 and not t.sandbox.store.orders


# --- file upload ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["transport-orders.csv", "transport-order.xml", "transport-order.edi"])
def test_upload_each_template(t: Tms, name: str) -> None:
    content = (SAMPLES / name).read_bytes()
    response = t.post("/file/upload", files={"file": (name, content)})
    assert response.status_code == 200
    shown = response.json()["file"]
    assert (shown["name"], shown["size"], response.json()["success"]) == (name, len(content), True)
    uuid.UUID(shown["id"])


@pytest.mark.parametrize("kw", [{"files": {"other": ("a.csv", b"x")}}, {"files": {"file": ("a.csv", b"")}},
                                {"json": {"file": "a,b"}}, {"content": b"a,b"},
                                {"content": b"--x\r\n\r\n", "headers": {"content-type": "multipart/form-data"}}])
def test_upload_400(t: Tms, kw: dict[str, Any]) -> None:
    headers = {**t.auth(), **kw.pop("headers", {})}
    assert t.http.post("/api/integration/file/upload", headers=headers, **kw).status_code == 400


# --- monitoring lists -----------------------------------------------------------------

def test_paging(t: Tms) -> None:
    integration = t.create(target="https://erp.example.com/hook")
    t.imported(integration, *[{"name": f"o{i}"} for i in range(25)])
    everything = t.get(f"/{integration}/objects/0/100").json()
    assert everything["success"] is True and everything["totalSize"] == 25
    ids = [obj["entityId"] for obj in everything["objects"]]
    assert ids == list(t.sandbox.store.orders)  # queue order, oldest first

    def page(offset: int, limit: int) -> list[str]:
        return [obj["entityId"] for obj in t.listed(integration, "objects", offset, limit)]

    assert page(0, 10) + page(10, 10) == page(0, 20) == ids[:20]
    assert page(0, 3)[1] == page(1, 2)[0] and page(20, 10) == ids[20:]
    assert t.get(f"/{integration}/objects/25/10").json() == {"success": True, "message": "OK", "objects": [],
                                                            "totalSize": 25}
    assert page(10**30, 5) == [] and page(int("0" * 30 + "3"), 2) == ids[3:5]


@pytest.mark.parametrize("bad", ["-1/10", "a/10", "1.5/10", "0/0", "0/101", "0/-5", "0/1e2", "\u0661/5", "0/ 5",
                                 "0/" + "9" * 40])
def test_paging_400(t: Tms, bad: str) -> None:
    integration = t.create()
    for kind in KINDS:
        response = t.get(f"/{integration}/{kind}/{bad}")
        assert (response.status_code, response.json()["success"]) == (400, False), (kind, bad)


def test_unknown_integration_404(t: Tms) -> None:
    for kind in KINDS:
        assert t.get(f"/{uuid.uuid4()}/{kind}/0/20").status_code == 404
        assert t.get(f"/not-a-uuid/{kind}/0/20").status_code == 404
    assert t.get(f"/{uuid.uuid4()}/widgets/0/20").status_code == 404


def test_list_shapes(t: Tms) -> None:
    integration = t.create(target="https://erp.example.com/hook", mapping={"id": "$.transportOrder.id"})
    [order] = t.imported(integration)
    t.advance(10)
    [obj] = t.listed(integration, "objects")
    assert set(obj) == {"id", "status", "entityType", "entityId", "attempts", "createdAt", "updatedAt"}
    assert (obj["status"], obj["entityType"], obj["entityId"], obj["attempts"]) == (
        "RETRY", "transportOrder", order, 1)
    [log] = t.listed(integration, "requestLogs")
    assert set(log) == {"id", "objectId", "method", "url", "statusCode", "durationMs", "createdAt"}
    assert (log["objectId"], log["method"], log["url"], log["statusCode"]) == (
        obj["id"], "POST", "https://erp.example.com/hook", None)
    for kind in KINDS:
        for item in t.listed(integration, kind):
            assert STAMP.fullmatch(item["createdAt"]) and uuid.UUID(item["id"])
