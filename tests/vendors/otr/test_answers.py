"""The OTR answer checks: what each accepts (behaviours.md's accepted sets) and how firmly it refuses."""
from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from golive.vendors.otr import answers
from golive.vendors.otr.data import example
from golive.verdict import BrokenAssumption, BrokenFact, Deviation

SAMPLE_PROSPECT = example("response-prospects")  # "string" placeholders and {} (D-OTR-04)


def answer(status: int, body: Any = None, *, text: str | None = None,
           media: str = "application/json") -> httpx.Response:
    content = text if text is not None else ("" if body is None else json.dumps(body))
    return httpx.Response(status, content=content.encode(), headers={"content-type": media},
                          request=httpx.Request("GET", "http://otr.test/x"))


def only(exc: type[Exception], check: Any, *args: Any) -> None:
    """``check`` raises exactly ``exc`` (a Deviation subclass decides FAILED or WARNING)."""
    with pytest.raises(Deviation) as raised:
        check(*args)
    assert type(raised.value) is exc, raised.value


def test_the_documents_samples_pass() -> None:
    token = example("response-token")
    answers.token_type(token)
    assert answers.expires_in(token) == 7199
    answers.opaque_tokens(token)
    claims = example("response-token-claims")
    answers.claims_types(claims)
    answers.exact_keys(claims, answers.CLAIM_KEYS, "the claims'")
    answers.prospect(answer(200, SAMPLE_PROSPECT))
    answers.prospect_strings(SAMPLE_PROSPECT)
    answers.exact_keys(SAMPLE_PROSPECT, answers.PROSPECT_KEYS, "the prospect's")
    verification = example("response-prospect-verification")
    answers.verification(verification)
    answers.undisclosed(verification, None)
    answers.lead_acknowledged(answer(200, text="Lead has been submitted", media="text/plain"))


@pytest.mark.parametrize("value", ["bearer", "Bearer", "BEARER"])
def test_token_type_is_compared_case_insensitively(value: str) -> None:
    answers.token_type({"token_type": value})


@pytest.mark.parametrize("value", [0, -1, 7201, "7199", 7199.5, True, None])
def test_expires_in_is_a_json_integer_from_1_to_7200(value: Any) -> None:
    only(Deviation, answers.expires_in, {"expires_in": value})


@pytest.mark.parametrize("body", [{"access_token": "", "refresh_token": "r"}, {"access_token": "a"},
                                  {"access_token": "a", "refresh_token": 7}])
def test_tokens_are_non_empty_strings(body: dict[str, Any]) -> None:
    only(Deviation, answers.opaque_tokens, body)


def test_a_refused_login_that_issues_a_token_is_a_broken_fact() -> None:
    answers.no_token(answer(400, {"error": "invalid_grant"}))
    answers.no_token(answer(401, text="access_token missing", media="text/plain"))
    only(BrokenFact, answers.no_token, answer(400, {"access_token": "x"}))


@pytest.mark.parametrize("change", [{"userID": "51fc3020"}, {"clientID": "150317"}, {"clientID": 1.0},
                                    {"roles": "Client Admin"}, {"roles": [1]}])
def test_claims_types(change: dict[str, Any]) -> None:
    only(Deviation, answers.claims_types, {**example("response-token-claims"), **change})


def test_exact_keys_names_the_other_case() -> None:
    with pytest.raises(Deviation, match="userID"):
        answers.exact_keys({"userId": "x", "clientID": 1, "roles": []}, answers.CLAIM_KEYS, "the claims'")


def test_a_prospect_needs_every_key_in_some_case_and_strings_or_null() -> None:
    answers.prospect(answer(200, dict.fromkeys(answers.PROSPECT_KEYS)))
    with pytest.raises(Deviation, match="CabId"):
        answers.prospect(answer(200, {"cabId": "", **{k: "" for k in answers.PROSPECT_KEYS[1:]}}))
    with pytest.raises(Deviation, match="DbaName"):
        answers.prospect(answer(200, {k: "" for k in answers.PROSPECT_KEYS if k != "DbaName"}))
    answers.prospect_strings({**SAMPLE_PROSPECT, "Street": None, "Email": 5, "DbaName": None})
    only(Deviation, answers.prospect_strings, {**SAMPLE_PROSPECT, "Phone": 6025550142})


@pytest.mark.parametrize(("got", "queried", "field", "kind"), [
    ("2718281", "2718281", "DotNumber", "string"), (" 2718281 ", "2718281", "DotNumber", "string"),
    ("MC-918273", "918273", "MotorCarrierNumber", "string"), ({}, "918273", "MotorCarrierNumber", "object"),
    (None, "918273", "MotorCarrierNumber", "null")])
def test_the_number_looked_up_corresponds(got: Any, queried: str, field: str, kind: str) -> None:
    assert answers.same_number(got, queried, field) == kind


def test_another_number_is_a_deviation() -> None:
    only(Deviation, answers.same_number, "USDOT 2718281", "2718281", "DotNumber")
    only(Deviation, answers.same_number, "MC-1", "918273", "MotorCarrierNumber")


@pytest.mark.parametrize(("response", "outcome"), [
    (answer(404, {"message": "no"}), "404"), (answer(204), "204"), (answer(400, {}), "400"),
    (answer(200, dict.fromkeys(answers.PROSPECT_KEYS)), "200 with empty fields"),
    (answer(200, {**dict.fromkeys(answers.PROSPECT_KEYS, ""), "Email": {}}), "200 with empty fields")])
def test_no_authority_accepts_d_otr_16s_set(response: httpx.Response, outcome: str) -> None:
    assert answers.no_authority(response, "a DOT") == outcome


def test_no_authority_judges_the_rest() -> None:
    only(Deviation, answers.no_authority, answer(200, {}), "a DOT")  # not a prospect: OTR-17, fact-level
    only(BrokenAssumption, answers.no_authority, answer(200, SAMPLE_PROSPECT), "a DOT")
    only(BrokenAssumption, answers.no_authority, answer(409, {}), "a DOT")


@pytest.mark.parametrize(("status", "text", "media"), [(200, "Lead has been submitted", "text/plain"),
                                                       (201, "Lead has been submitted\r\n", "text/plain"),
                                                       (200, '"Lead has been submitted"', "application/json")])
def test_a_lead_is_acknowledged_raw_or_as_a_json_string(status: int, text: str, media: str) -> None:
    answers.lead_acknowledged(answer(status, text=text, media=media))


def test_a_lead_answer_judges_text_before_code() -> None:
    only(Deviation, answers.lead_acknowledged, answer(400, text="Lead has been submitted"))
    only(Deviation, answers.lead_acknowledged, answer(202, text="Lead submitted"))
    only(BrokenAssumption, answers.lead_acknowledged, answer(202, text="Lead has been submitted"))


def test_a_refusal_carries_no_data() -> None:
    answers.no_data(answer(401, {"statusCode": 401, "message": "Access denied due to missing subscription key."}))
    only(Deviation, answers.no_data, answer(401, {"access_token": "x"}))
    only(Deviation, answers.no_data, answer(401, text="Lead has been submitted", media="text/plain"))


@pytest.mark.parametrize(("body", "code"), [({"verificationId": "123456"}, None), ({"code": 654321}, None),
                                            ({"nested": {"x": " 123456 "}}, None),
                                            ({"verificationId": "v-482915-x"}, "482915")])
def test_the_code_is_never_disclosed(body: dict[str, Any], code: str | None) -> None:
    only(Deviation, answers.undisclosed, body, code)


def test_the_verification_answer_is_strings() -> None:
    answers.undisclosed({"verificationId": "51fc3020-fe3a-4e59-9d33-a53006f86a6f", "n": 1234567}, "482915")
    only(Deviation, answers.verification, {"email": "a@b.c", "cabId": "CAB-1", "verificationId": 5})
