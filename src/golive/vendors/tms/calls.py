"""The documented calls, each made to be refused (TMS-01, TMS-02), and the bad authorizations.

Each call is the document's own request (its example body; an integration no vendor issued where a
path or body names one), so a vendor that wrongly accepts it writes nothing of ours.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from golive.vendors.tms.client import LISTS, TmsClient, bearer
from golive.vendors.tms.data import TmsData, example, sample

Call = Callable[[TmsClient, TmsData, Any], httpx.Response]


def _list_read(kind: str) -> Call:
    return lambda c, d, auth: c.page(d.unknown_id(), kind, 0, 20, authorization=auth)


CALLS: dict[str, Call] = {
    "the document's create request": lambda c, d, auth: c.create(
        example("request-create-integration"), authorization=auth),
    "a credentials request": lambda c, d, auth: c.generate({"integrationId": d.unknown_id()}, authorization=auth),
    "the document's dataSource mapping test": lambda c, d, auth: c.mapping_test(
        example("request-mapping-test"), authorization=auth),
    "the document's fileTemplate mapping test": lambda c, d, auth: c.mapping_test(
        example("request-filetemplate-mapping-test"), "fileTemplate", authorization=auth),
    "the document's import": lambda c, d, auth: c.import_data(
        {**example("request-import-data"), "integrationId": d.unknown_id()}, authorization=auth),
    "the document's e-mail": lambda c, d, auth: c.email(example("request-email"), authorization=auth),
    "the CSV sample's upload": lambda c, d, auth: c.upload({"file": sample("CSV")}, d.boundary(), authorization=auth),
    **{f"{'an' if kind == 'objects' else 'a'} {kind} list read": _list_read(kind) for kind in LISTS},
}


def authorization(client: TmsClient, data: TmsData, how: str) -> str:
    """An Authorization value that must be refused with 401 (TMS-02)."""
    token = client.token
    return {"a bearer token never issued": lambda: bearer(f"golive{data.digits(30)}"),
            "the token with one character lost": lambda: bearer(token[:-1]),
            "the Bearer scheme without a token": lambda: "Bearer",
            "the token without the Bearer scheme": lambda: token,
            "the token under the Basic scheme": lambda: f"Basic {token}"}[how]()
