"""The OTMS sandbox never answers a 5xx: random junk through every call, no internal error."""
from __future__ import annotations

import json
import random
from typing import Any

from .support import Tms
from .test_api import KINDS, basic

JUNK: list[Any] = [None, True, 0, -1, 2**70, 1.5, "", "x", "$", "$.[", "$..*", "a@b.co", "\ud800", "http://127.0.0.1:1/",
                   "http://[::1", "http://h:99999/", {}, [], {"url": "http://localhost:1/"}, [{"a": 1}], {"$": 1},
                   {"k": "$.a"}, "1" * 300]
KEYS = ["name", "type", "description", "enabled", "target", "mapping", "filters", "integrationId", "data", "from",
        "subject", "body", "testData", "file"]


def _junk(rng: random.Random, t: Tms, ids: list[str]) -> Any:
    value = rng.choice(JUNK + ids)
    return [value, rng.choice(JUNK)] if rng.random() < 0.2 else value


def test_junk_never_gets_a_5xx() -> None:
    rng, t = random.Random(20260322), Tms()
    ids = [t.create(target="http://127.0.0.1:9/x"), t.create()]
    paths = ["", "/generate/credentials", "/dataSource/mapping:test", "/fileTemplate/mapping:test", "/import/data",
             "/email", "/file/upload"]
    pair = t.post("/generate/credentials", {"integrationId": ids[0]}).json()["credentials"]
    auths = [t.auth(), t.auth(), t.auth(), {}, basic(pair), {"Authorization": b"Basic \xff"}]
    for _ in range(400):
        headers = rng.choice(auths)
        if rng.random() < 0.3:
            segment = "/".join(rng.choice(["0", "-1", "x", "100", "101", "%00", "1e3", "9" * 30]) for _ in range(2))
            response = t.get(f"/{rng.choice([*ids, 'x', ''])}/{rng.choice(KINDS)}/{segment}", headers)
        elif rng.random() < 0.15:
            ctype = rng.choice(["multipart/form-data; boundary=b", "multipart/form-data", "multipart/mixed; boundary=b",
                                "text/csv", "multipart/form-data; boundary=\u00e9"])
            raw = rng.choice([b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename*=bad''%ff\r\n\r\nx"
                              b"\r\n--b--", b"--b\r\nContent-Disposition: form-data; name=file\r\n\r\n\xff\r\n--b--",
                              b"\x00" * 9, b""])
            response = t.http.post("/api/integration/file/upload", content=raw,
                                   headers={**headers, "content-type": ctype.encode()})
        else:
            body = {rng.choice(KEYS): _junk(rng, t, ids) for _ in range(rng.randrange(6))}
            response = t.post(rng.choice(paths), content=json.dumps(body).encode("utf-8", "surrogatepass"),
                              headers={**headers, "content-type": "application/json"})
        assert response.status_code < 500, (response.status_code, response.text)
        if rng.random() < 0.1:
            t.advance(rng.choice([1, 10, 35]))
    assert t.sandbox.internal_errors == []
