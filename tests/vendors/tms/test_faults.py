"""Every fault and variant of the OTMS sandbox really changes what it does (a probe each),
faults are graded as the catalogue grades their items, and variants cite the item allowing them."""
from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from golive.vendors.tms.faults import FAULTS, VARIANTS

from .support import DOC_ITEM, SAMPLES, Receiver, Tms

CATALOGUE = (Path(__file__).resolve().parents[3] / "src/golive/data/behaviours.md").read_text()
OVERRIDES = {"TMS-01", "TMS-02", "TMS-14"}
FIVE_XX = {"bad-paging-500"}  # graded by the any-5xx rule, whatever the item's basis
# graded by a D- item rather than the item's basis: (the D- item, the sentence that grades it)
BY_RESOLUTION = {
    "client-error-retried": ("D-TMS-05", "a vendor that retries a permanent failure gets a WARNING, never FAILED"),
    "logs-oldest-first": ("D-TMS-17", "It becomes a failure only if more than 2 timestamped entries are strictly "
                                      "increasing (oldest first)."),
}
OUTSIDE = "https://erp.example.com/hook"  # not loopback: calls land in the outbox, unanswered


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    target = Receiver()
    yield target
    target.stop()


def flow(t: Tms, r: Receiver, *script: int, ticks: int = 1, then: int = 200, **create: Any) -> str:
    """An integration targeting ``r`` (answering ``script``, then ``then``), one order, ``ticks`` ticks."""
    r.answer(*script, then=then)
    integration = t.create(target=r.url, **create)
    t.imported(integration)
    t.advance(10 * ticks)
    return integration


def queued(t: Tms, count: int) -> str:
    """An integration with ``count`` objects queued (and nothing sent)."""
    integration = t.create(target=OUTSIDE)
    t.imported(integration, *[{"n": i} for i in range(count)])
    return integration


def basic_pair(t: Tms, integration: str) -> dict[str, str]:
    pair = t.post("/generate/credentials", {"integrationId": integration}).json()["credentials"]
    raw = f"{pair['clientId']}:{pair['clientSecret']}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def other_lists(t: Tms) -> int:
    mine, other = t.create(), t.create()
    return t.get(f"/{other}/objects/0/20", basic_pair(t, mine)).status_code


def old_pair(t: Tms) -> int:
    integration = t.create()
    first = basic_pair(t, integration)
    basic_pair(t, integration)
    return t.get(f"/{integration}/objects/0/20", first).status_code


def page(t: Tms, path: str, count: int = 5) -> Any:
    response = t.get(f"/{queued(t, count)}/objects/{path}")
    if response.status_code != 200:
        return response.status_code
    body = response.json()
    return [obj["entityId"][-4:] for obj in (body if isinstance(body, list) else body["objects"])]


def levels(t: Tms, integration: str) -> list[str]:
    return [log["level"] for log in t.listed(integration, "logs")]


def upload(t: Tms, **kw: Any) -> int:
    return t.http.post("/api/integration/file/upload", headers=t.auth(), **kw).status_code


Probe = Callable[[Tms, Receiver], Any]
PROBES: dict[str, Probe] = {
    # faults
    "missing-token-accepted": lambda t, r: t.post("", {"name": "n", "type": "t"}, headers={}).status_code,
    "invalid-token-accepted": lambda t, r: t.post("", {"name": "n", "type": "t"}, headers=t.auth("x")).status_code,
    "create-echoes-enabled-true": lambda t, r: t.post("", {"name": "n", "type": "t", "enabled": False}).json()[
        "integration"]["enabled"],
    "credentials-not-regenerated": lambda t, r: (lambda i: basic_pair(t, i) == basic_pair(t, i))(t.create()),
    "credentials-reach-other-integration": lambda t, r: other_lists(t),
    "mapping-result-wrong-key": lambda t, r: sorted(t.mapping_test().json()["result"]),
    "nested-paths-unresolved": lambda t, r: t.mapping_test().json()["result"]["customer_name"],
    "values-stringified": lambda t, r: t.mapping_test({"n": "$.n", "o": "$.o"}, {"n": 1, "o": {"a": True}}).json(),
    "mapping-test-side-effects": lambda t, r: (lambda i: (t.mapping_test(), len(t.listed(i, "logs")))[1])(
        queued(t, 1)),
    "paging-ignores-offset": lambda t, r: page(t, "2/2"),
    "paging-page-size": lambda t, r: page(t, "1/2"),
    "page-one-extra-item": lambda t, r: len(page(t, "0/2")),
    "limit-over-50-refused": lambda t, r: page(t, "0/100"),
    "bad-paging-500": lambda t, r: page(t, "x/10"),
    "unknown-integration-empty-list": lambda t, r: t.get(f"/{uuid.uuid4()}/logs/0/20").status_code,
    "logs-oldest-first": lambda t, r: levels(t, flow(t, r, 500)),
    "lists-success-false": lambda t, r: t.get(f"/{t.create()}/tasks/0/20").json()["success"],
    "lowercase-status": lambda t, r: t.statuses(queued(t, 1)),
    "scheduler-every-third-tick": lambda t, r: t.statuses(flow(t, r)),
    "filter-ignored": lambda t, r: t.statuses(flow(t, r, filters={"$.transportOrder.name": "other"})),
    "payload-unmapped": lambda t, r: (flow(t, r, mapping={"n": "$.transportOrder.name"}), r.payloads())[1],
    "no-request-logs": lambda t, r: len(t.listed(flow(t, r), "requestLogs")),
    "no-automatic-retry": lambda t, r: t.statuses(flow(t, r, 500, ticks=2)),
    "never-success-after-outage": lambda t, r: t.statuses(flow(t, r, 500, ticks=2)),
    "no-failure-log": lambda t, r: levels(t, flow(t, r, 500)),
    "client-error-retried": lambda t, r: t.statuses(flow(t, r, 400)),
    "disabled-integration-processed": lambda t, r: (flow(t, r, enabled=False), len(r.calls))[1],
    "email-from-not-validated": lambda t, r: t.post("/email", {"from": "orders", "subject": "s"}).status_code,
    "upload-rejects-edi": lambda t, r: upload(t, files={"file": ("order.edi", (SAMPLES / "transport-order.edi")
                                                                 .read_bytes())}),
    # variants
    "other-integration-401": lambda t, r: other_lists(t),
    "credentials-revoke-old": lambda t, r: old_pair(t),
    "created-201": lambda t, r: t.post("", {"name": "n", "type": "t"}).status_code,
    "validation-422": lambda t, r: t.post("", {"type": "t"}).status_code,
    "body-unknown-id-400": lambda t, r: t.post("/import/data", {"integrationId": str(uuid.uuid4()),
                                                                "data": [DOC_ITEM]}).status_code,
    "bad-path-id-400": lambda t, r: t.get("/not-a-uuid/objects/0/20").status_code,
    "upload-non-multipart-415": lambda t, r: upload(t, json={"file": "a,b"}),
    "email-body-required": lambda t, r: t.post("/email", {"from": "a@b.co", "subject": "s"}).status_code,
    "encoded-colon-404": lambda t, r: t.http.post("/api/integration/dataSource/mapping%3Atest", headers=t.auth(),
                                                  json={"mapping": {}, "testData": {}}).status_code,
    "uuid-v7-ids": lambda t, r: uuid.UUID(t.create()).version,
    "timestamps-fractional": lambda t, r: t.post("", {"name": "n", "type": "t"}).json()["integration"][
        "createdAt"][19:],
    "timestamps-plus-zero": lambda t, r: t.post("", {"name": "n", "type": "t"}).json()["integration"][
        "createdAt"][19:],
    "create-echoes-description": lambda t, r: t.post("", {"name": "n", "type": "t", "description": "d"}).json()[
        "integration"].get("description"),
    "mapping-result-under-data": lambda t, r: sorted(t.mapping_test().json()),
    "no-match-key-omitted": lambda t, r: t.mapping_test({"a": "$.nope"}, {}).json()["result"],
    "several-matches-first": lambda t, r: t.mapping_test({"a": "$[*]"}, [1, 2]).json()["result"],
    "lists-bare-array": lambda t, r: type(t.get(f"/{t.create()}/tasks/0/20").json()).__name__,
    "limits-over-100-served": lambda t, r: page(t, "0/101"),
    "limit-zero-empty": lambda t, r: page(t, "0/0"),
    "objects-newest-first": lambda t, r: page(t, "0/3", 3),
    "log-ties-oldest-first": lambda t, r: [log["message"][-10:] for log in t.listed(queued(t, 3), "logs")],
    "request-logs-and-tasks-oldest-first": lambda t, r: [
        log["statusCode"] for log in t.listed(flow(t, r, 500, ticks=2), "requestLogs")],
    "attempt-limit-4": lambda t, r: t.statuses(flow(t, r, ticks=4, then=503)),
}


def test_every_fault_and_variant_is_probed() -> None:
    assert len(FAULTS) >= 16 and set(PROBES) == set(FAULTS) | set(VARIANTS)
    assert not set(FAULTS) & set(VARIANTS)


def _basis(item: str) -> str:
    line = re.search(rf"^- \*\*{item}\*\* .*$", CATALOGUE, re.MULTILINE)
    assert line, item
    return line.group(0).rsplit("`", 1)[-1]


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_faults_are_graded_as_the_catalogue_grades_their_items(name: str) -> None:
    fault = FAULTS[name]
    assert fault.summary and "\n" not in fault.summary and fault.caught_by
    assert all(item.startswith("TMS-") for item in fault.caught_by)
    firm = {item for item in fault.caught_by
            if item in OVERRIDES or "stated" in _basis(item) or "example" in _basis(item)}
    if name in BY_RESOLUTION:
        resolution, sentence = BY_RESOLUTION[name]
        entry = CATALOGUE[CATALOGUE.index(f"**{resolution}:"):]
        assert sentence in " ".join(entry[:entry.index("- **D-", 5)].split())
    elif fault.result == "WARNING":
        assert not firm, f"{name}: {sorted(firm)} are FAILED-level"
    else:
        assert firm or name in FIVE_XX, f"{name}: only implied items, and no 5xx"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variants_cite_the_item_allowing_them(name: str) -> None:
    cited = re.findall(r"\b(?:D-TMS-\d\d|D-X-\d\d|TMS-\d\d)\b", VARIANTS[name])
    assert cited and all(c in CATALOGUE for c in cited)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_each_fault_and_variant_changes_behaviour(name: str, receiver: Receiver) -> None:
    changed, plain = Tms((name,)), Tms()
    assert PROBES[name](changed, receiver) != PROBES[name](plain, receiver)
    assert changed.sandbox.internal_errors == plain.sandbox.internal_errors == []


def test_all_variants_at_once_keep_the_documented_flows(receiver: Receiver) -> None:
    t = Tms(VARIANTS)
    assert t.post("", {"name": "n", "type": "configured", "enabled": True}).status_code == 201
    assert t.mapping_test().json()["data"]["customer_name"] == "Acme Corp"
    integration = flow(t, receiver, 500, 503, 429, ticks=4, mapping={"id": "$.transportOrder.id"})
    assert t.statuses(integration) == ["SUCCESS"] and len(receiver.calls) == 4
    assert [log["statusCode"] for log in t.listed(integration, "requestLogs")] == [500, 503, 429, 200]
    stamps = [log["createdAt"] for log in t.listed(integration, "logs")]
    assert stamps == sorted(stamps, reverse=True) and all(s.endswith("+00:00") for s in stamps)
    assert t.get(f"/{integration}/objects/0/500").status_code == 200
    assert t.sandbox.internal_errors == []
