import json

from golive.redact import MASK, Redactor


def test_known_values_are_masked_everywhere() -> None:
    r = Redactor()
    r.add("s3cr3t-value-123", "short", None)
    assert r.text("url?key=s3cr3t-value-123&x=1") == f"url?key={MASK}&x=1"
    assert r.text("short") == "short"  # too short to register: would mask noise


def test_headers_by_name() -> None:
    masked = Redactor().headers({"Authorization": "Bearer abc.def.ghi", "Ocp-Apim-Subscription-Key": "k" * 20,
                                 "content-type": "application/json"})
    assert masked == {"Authorization": MASK, "Ocp-Apim-Subscription-Key": MASK, "content-type": "application/json"}


def test_bodies_by_key_and_tokens_in_text() -> None:
    r = Redactor()
    body = json.dumps({"access_token": "abcdefgh", "secret": "whsec_1", "nested": [{"password": "pw"}], "ok": 1})
    assert json.loads(r.body(body)) == {"access_token": MASK, "secret": MASK, "nested": [{"password": MASK}], "ok": 1}
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJwYXJ0bmVyaWQiOjEwMDF9.c2lnbmF0dXJlLWJ5dGVz"
    assert jwt not in r.text(f"curl -H 'authorization: Bearer {jwt}' x")
    assert jwt not in r.text(f"token {jwt} in prose")
