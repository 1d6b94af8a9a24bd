"""golive.checks: the shared, severity-aware assertions of every vendor's steps."""
from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from golive import checks
from golive.redact import redactor
from golive.verdict import BrokenAssumption, BrokenFact, Deviation, Level, Result, result_for


def answer(status: int, body: object = None, *, text: str | None = None) -> httpx.Response:
    request = httpx.Request("POST", "http://vendor.test/v2/partners/x_test")
    if text is not None:
        return httpx.Response(status, text=text, request=request)
    if body is None:
        return httpx.Response(status, request=request)
    return httpx.Response(status, json=body, request=request)


def verdict(exc: BaseException, level: Level) -> Result:
    return result_for(exc, level)


# -- status / refused ---------------------------------------------------------------------------
def test_status_accepts_one_of_the_expected_codes() -> None:
    assert checks.status(answer(204), (200, 204)).status_code == 204


def test_status_mismatch_says_expected_got_and_why() -> None:
    with pytest.raises(Deviation) as caught:
        checks.status(answer(400, [{"field": "ShopID"}]), 200, why="a valid record must be written")
    message = str(caught.value)
    assert "expected 200" in message and "got 400" in message and "ShopID" in message
    assert "a valid record must be written" in message
    assert type(caught.value) is Deviation  # the scenario's level decides


@pytest.mark.parametrize("code", [200, 201, 206, 302, 500])
def test_refused_a_non_4xx_where_a_rejection_is_documented_is_a_broken_fact(code: int) -> None:
    with pytest.raises(BrokenFact) as caught:
        checks.refused(answer(code, {"message": "ok"}), 400)
    assert verdict(caught.value, Level.ASSUMPTION) is Result.FAILED
    assert "accepted what it should refuse" in str(caught.value)


def test_refused_a_2xx_where_the_rejection_is_only_implied_counts_at_the_scenario_level() -> None:
    with pytest.raises(Deviation) as caught:
        checks.refused(answer(200), 400, documented=False)
    assert not isinstance(caught.value, BrokenFact)
    assert verdict(caught.value, Level.ASSUMPTION) is Result.WARNING
    assert verdict(caught.value, Level.FACT) is Result.FAILED


def test_refused_accepts_the_expected_and_the_allowed_codes() -> None:
    assert checks.refused(answer(415), 400, (415,)).status_code == 415
    assert checks.refused(answer(400), 400, (415,)).status_code == 400


def test_refused_takes_the_codes_of_a_step_as_one_list() -> None:
    assert checks.refused(answer(415), [400, 415]).status_code == 415
    assert checks.refused(answer(409), [400, 415], [409]).status_code == 409
    with pytest.raises(BrokenFact, match=r"expected a rejection \(400 or 415 or 409\), got 200"):
        checks.refused(answer(200), (400, 415), [409])
    with pytest.raises(Deviation, match=r"^expected 400 or 415, got 404 .* the documented one$"):
        checks.refused(answer(404), [400, 415])


def test_refused_another_4xx_than_a_stated_code_counts_at_the_scenario_level() -> None:
    with pytest.raises(Deviation) as caught:
        checks.refused(answer(422), 400)
    assert not isinstance(caught.value, BrokenAssumption | BrokenFact)
    assert "expected 400" in str(caught.value) and "422" in str(caught.value)


def test_refused_another_4xx_than_an_implied_code_is_a_broken_assumption() -> None:
    """Mixed basis (OTR-19 style): the rejection is stated, only the exact code is implied."""
    with pytest.raises(BrokenAssumption) as caught:
        checks.refused(answer(422), 400, stated=False)
    assert verdict(caught.value, Level.FACT) is Result.WARNING
    with pytest.raises(BrokenFact):
        checks.refused(answer(200), 400, stated=False)


def test_assumed_turns_deviations_into_warnings_but_keeps_broken_facts() -> None:
    with pytest.raises(BrokenAssumption), checks.assumed("null is implied"):
        checks.refused(answer(200), 400, documented=False)
    with pytest.raises(BrokenFact), checks.assumed():
        raise BrokenFact("a negative TiresLeft")
    with checks.assumed():
        pass


# -- bodies -------------------------------------------------------------------------------------
def test_json_body_object_array_and_empty() -> None:
    assert checks.json_body(answer(200, {"a": 1})) == {"a": 1}
    assert checks.json_object(answer(200, {"a": 1})) == {"a": 1}
    assert checks.json_array(answer(400, ["ShopID"])) == ["ShopID"]
    checks.empty_body(answer(204))
    with pytest.raises(Deviation, match="expected a JSON body"):
        checks.json_body(answer(200, text="Successfully Posted"))
    with pytest.raises(Deviation, match="one JSON object"):
        checks.json_object(answer(200, [{"a": 1}]))
    with pytest.raises(Deviation, match="JSON array"):
        checks.json_array(answer(400, {"field": "ShopID"}))
    with pytest.raises(Deviation, match="empty body"):
        checks.empty_body(answer(200, {}))


def test_body_checks_say_why_only_when_told() -> None:
    with pytest.raises(Deviation) as caught:
        checks.json_object(answer(200, [1]), why="one record per key")
    assert str(caught.value) == "expected one JSON object, got 200 [1] — one record per key"
    with pytest.raises(Deviation) as caught:
        checks.json_array(answer(400, {"a": 1}))
    assert str(caught.value) == 'expected a JSON array, got 400 {"a":1}'
    with pytest.raises(Deviation) as caught:
        checks.json_array(answer(400, text="oops"), why="D-ABS-17")
    assert str(caught.value) == "expected a JSON body, got 400 oops — D-ABS-17"


@pytest.mark.parametrize("response", [
    answer(200, text="Successfully Posted"),
    answer(200, "Successfully Posted"),
    answer(200, {"message": "Successfully Posted", "results": []}),
    answer(200, text='"Successfully\\u0020Posted"'),
])
def test_body_contains_raw_or_json_decoded(response: httpx.Response) -> None:
    checks.body_contains(response, "Successfully Posted")


def test_body_contains_missing() -> None:
    with pytest.raises(Deviation, match="Successfully Posted"):
        checks.body_contains(answer(200, {"results": []}), "Successfully Posted")


def test_excerpt_is_redacted_and_short() -> None:
    redactor.add("s3cr3t-value-for-checks")
    text = checks.excerpt(answer(401, text="bad token s3cr3t-value-for-checks " + "x" * 1000))
    assert "s3cr3t-value-for-checks" not in text and len(text) < 400 and text.startswith("401 ")


# -- field names (D-ABS-17, D-ABS-32) -----------------------------------------------------------
@pytest.mark.parametrize("body", [
    ["ShopID"],
    [{"index": 0, "field": "ShopID", "message": "required"}],
    {"errors": "ShopID is required"},
    "Missing field 'ShopID'",
])
def test_names_fields_found(body: object) -> None:
    checks.names_fields(body, ["ShopID"])


def test_names_fields_is_case_sensitive_and_says_so() -> None:
    with pytest.raises(Deviation, match="data dictionary's case"):
        checks.names_fields([{"field": "shopid"}], ["ShopID"])
    checks.names_fields([{"field": "shopid"}], ["ShopID"], exact_case=False)


def test_names_fields_needs_the_name_on_its_own() -> None:
    """"RepairInvoiceNumber" does not name "InvoiceNumber"."""
    with pytest.raises(Deviation, match="to name InvoiceNumber"):
        checks.names_fields([{"field": "RepairInvoiceNumber"}], ["InvoiceNumber"])
    checks.names_fields([{"field": "RepairInvoiceNumber"}], ["RepairInvoiceNumber"])


def test_names_fields_reads_a_response() -> None:
    checks.names_fields(answer(400, [{"field": "TPPPrice"}]), ["TPPPrice"])


# -- dates (D-X-01, D-ABS-08) -------------------------------------------------------------------
@pytest.mark.parametrize("value", ["2018-12-04T00:00:00Z", "2018-12-04T00:00:00+00:00", "2018-12-04T00:00:00.123Z",
                                   "2025-10-14T16:42:33.300Z"])
def test_rfc3339_utc_accepts(value: str) -> None:
    assert checks.rfc3339_utc(value).tzinfo is not None


@pytest.mark.parametrize("value", ["2018-12-04", "2018-12-04T00:00:00", "2018-12-04T00:00:00-05:00",
                                   "2018-12-04 00:00:00Z", "20181204T00:00:00Z", "2018-02-30T00:00:00Z", "", None, 0])
def test_rfc3339_utc_refuses(value: object) -> None:
    with pytest.raises(Deviation, match="RFC 3339"):
        checks.rfc3339_utc(value, "CancelDate")


def test_rfc3339_utc_value() -> None:
    assert checks.rfc3339_utc("2020-01-26T23:00:00Z") == datetime(2020, 1, 26, 23, tzinfo=UTC)


def test_date_or_empty() -> None:
    assert checks.date_or_empty("") is None
    assert checks.date_or_empty("2020-01-27T00:00:00Z") == datetime(2020, 1, 27, tzinfo=UTC)
    with pytest.raises(Deviation):
        checks.date_or_empty(None, "ExpireDate")


# -- numbers ------------------------------------------------------------------------------------
def test_numbers() -> None:
    assert checks.json_number(60, "CostPerUnit") == 60
    assert checks.json_integer(4.0, "TiresCovered") == 4
    for bad in ("4", True, None):
        with pytest.raises(Deviation, match="JSON"):
            checks.json_number(bad, "TiresCovered")
    with pytest.raises(Deviation, match="JSON integer"):
        checks.json_integer(4.5, "TiresCovered")


def test_same_money_compares_to_the_cent() -> None:
    checks.same_money(60, 60.00, "CostPerUnit")
    checks.same_money(188.99, "188.99", "TirePrice")
    checks.same_money(0.1 + 0.2, 0.3, "TireCost")
    with pytest.raises(Deviation, match="to the cent"):
        checks.same_money(189.0, 188.99, "TirePrice")
    with pytest.raises(Deviation, match="JSON number"):
        checks.same_money("188.99", 188.99, "TirePrice")


def test_has_keys_and_equal() -> None:
    checks.has_keys({"a": 1, "b": 2}, ["a"])
    with pytest.raises(Deviation, match="carry b"):
        checks.has_keys({"a": 1}, ["a", "b"])
    checks.equal("005308", "005308", "ShopID")
    with pytest.raises(Deviation, match="ShopID = '005308', got '5308'"):
        checks.equal("5308", "005308", "ShopID")
