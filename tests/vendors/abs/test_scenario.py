"""AbsScenario and the read-back judgments: the logic the ABS steps call.

The pure judgments (ABS-77's invariant, posted vs read-back values, finding a record in an
answer) are tested on hand-made answers; the scenario's moves against the embedded sandbox.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from golive.conversation import Conversation
from golive.http import VendorHttp
from golive.options import RunOptions
from golive.redact import redactor
from golive.sandbox.server import SandboxServer
from golive.targets import Target
from golive.vendors import registry
from golive.vendors.abs import readback
from golive.vendors.abs.authorizations import authorization, variants
from golive.vendors.abs.client import DEFAULT, AbsClient
from golive.vendors.abs.data import AbsData
from golive.vendors.abs.sandbox import AbsSandbox
from golive.vendors.abs.scenario import BODIES, AbsScenario
from golive.verdict import BrokenFact, Deviation, Level, Result, result_for

STATUS = {"TiresCovered": 4, "TireClaimCount": 1, "TireCancelCount": 1, "TiresLeft": 2}


def answer(status: int, body: object = None) -> httpx.Response:
    request = httpx.Request("GET", "http://vendor.test/v2/partners/x_test")
    return httpx.Response(status, request=request) if body is None else httpx.Response(status, json=body,
                                                                                       request=request)


def claim(repair_invoice: str, **values: Any) -> dict[str, Any]:
    return {"ShopID": "005308", "InvoiceNumber": "1044273", "RepairShopID": "0771", "RepairInvoiceNumber":
            repair_invoice, "TireClaimCount": 1, "CreditAmount": 64.04, "ClaimDate": "2020-01-27", **values}


# -- ABS-77: the invariant --------------------------------------------------------------------------
def test_the_invariant_holds_when_tiresleft_is_covered_minus_claimed_minus_cancelled() -> None:
    readback.invariant(STATUS)
    readback.invariant({**STATUS, "TireClaimCount": 3, "TiresLeft": 0})


@pytest.mark.parametrize("status", [
    {**STATUS, "TiresLeft": 3},  # a claim not subtracted
    {**STATUS, "TireClaimCount": 4, "TiresLeft": -1},  # below 0
    {**STATUS, "TiresCovered": 1, "TireClaimCount": 0, "TireCancelCount": -2, "TiresLeft": 3},  # above covered
])
def test_a_broken_invariant_is_failed_even_in_an_assumption_scenario(status: dict[str, int]) -> None:
    with pytest.raises(BrokenFact) as caught:
        readback.invariant(status)
    assert str(caught.value).startswith("ABS-77: expected TiresLeft = TiresCovered − TireClaimCount")
    assert "the warranty's tire count is corrupt" in str(caught.value)
    assert result_for(caught.value, Level.ASSUMPTION) is Result.FAILED


def test_a_count_that_is_not_a_json_integer_breaks_the_invariant() -> None:
    with pytest.raises(BrokenFact, match=r"^ABS-77: expected TiresLeft as a JSON integer, got '2'"):
        readback.invariant({**STATUS, "TiresLeft": "2"})


# -- ABS-17: posted vs read-back values ---------------------------------------------------------------
@pytest.mark.parametrize(("sent", "got"), [(60.00, 60), ("188.99", 188.99), (64.04, 64.040000001), (0.1, 0.10)])
def test_money_reads_back_by_value_to_the_cent(sent: Any, got: Any) -> None:
    readback.same("claim", "CreditAmount", sent, got)


# -- D-ABS-10: money by value, a whole number of cents ----------------------------------------------
@pytest.mark.parametrize(("got", "expected"), [(60, "60.00"), (60.0, "60"), (995.68, "995.68"), (12.35, "12.35"),
                                               (0.1 + 0.2, "0.30")])
def test_an_amount_is_a_whole_number_of_cents_compared_by_value(got: Any, expected: str) -> None:
    readback.amount(got, expected, "TirePrice")


@pytest.mark.parametrize(("got", "expected", "message"), [
    (188.99000549316406, "188.99", "expected TirePrice as money, a whole number of cents"),  # a float32 column
    (12.346, "12.35", "expected TirePrice as money, a whole number of cents"),  # accepted, not rounded
    (12.34, "12.35", "expected TirePrice = 12.35 (to the cent), got 12.34"),  # truncated, not rounded
    ("12.35", "12.35", "expected TirePrice as a JSON number"),
])
def test_an_amount_off_the_cent_or_not_rounded_is_a_deviation(got: Any, expected: str, message: str) -> None:
    with pytest.raises(Deviation, match=re.escape(message)):
        readback.amount(got, expected, "TirePrice")


def test_a_status_date_before_the_registration_was_created_is_a_deviation() -> None:
    created = {"CreatedDate": "2026-01-27T10:00:00Z"}
    readback.status_date_after_created({**created, "StatusDate": ""})
    readback.status_date_after_created({**created, "StatusDate": "2026-01-27T10:00:00Z"})
    with pytest.raises(Deviation, match="expected StatusDate ≥ CreatedDate"):
        readback.status_date_after_created({**created, "StatusDate": "2026-01-27T05:00:00Z"})


@pytest.mark.parametrize(("got", "message"), [(64, "expected CreditAmount = 64.04 (to the cent), got 64"),
                                              ("64.04", "expected CreditAmount as a JSON number, got '64.04'")])
def test_money_rounded_or_quoted_does_not_read_back(got: Any, message: str) -> None:
    with pytest.raises(Deviation) as caught:
        readback.same("claim", "CreditAmount", 64.04, got)
    assert str(caught.value) == message


@pytest.mark.parametrize(("sent", "got"), [
    ("2020-01-27", "2020-01-27T00:00:00Z"),  # date-only is midnight UTC (D-ABS-07)
    ("2020-01-27T00:00:00", "2020-01-27T00:00:00+00:00"),  # no offset is UTC
    ("2020-01-27T00:00:00+01:00", "2020-01-26T23:00:00Z"),  # an offset is the same instant in UTC
    ("2020-01-27T10:00:00Z", "2020-01-27T10:00:00.000Z"),
])
def test_dates_read_back_as_the_same_instant(sent: str, got: str) -> None:
    readback.same("claim", "ClaimDate", sent, got)


@pytest.mark.parametrize(("got", "fragment"), [
    ("2020-01-27T00:00:00Z", "expected ClaimDate (as an instant) = "),  # the offset was ignored
    ("2020-01-27", "expected ClaimDate as RFC 3339 UTC"),
    ("2020-01-27T01:00:00+01:00", "expected ClaimDate as RFC 3339 UTC"),
])
def test_a_date_that_is_not_the_same_instant_in_utc_does_not_read_back(got: str, fragment: str) -> None:
    with pytest.raises(Deviation, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        readback.same("claim", "ClaimDate", "2020-01-27T00:00:00+01:00", got)


@pytest.mark.parametrize(("sent", "got"), [("Yes", "yes"), ("true", "Yes"), (True, "TRUE"), ("No", "false"),
                                           ("anything", "NO")])
def test_commercial_vehicle_is_compared_by_meaning(sent: Any, got: str) -> None:
    readback.same("registration", "CommercialVehicle", sent, got)


@pytest.mark.parametrize("got", ["No", True, "Y", ""])
def test_commercial_vehicle_of_another_meaning_does_not_read_back(got: Any) -> None:
    with pytest.raises(Deviation, match="expected CommercialVehicle to mean Yes"):
        readback.same("registration", "CommercialVehicle", "Yes", got)


def test_ints_read_back_as_json_numbers_and_strings_exactly() -> None:
    readback.same("registration", "TiresCovered", "4", 4)
    readback.same("registration", "TiresCovered", 4, 4.0)
    with pytest.raises(Deviation, match="expected TiresCovered as a JSON integer, got '4'"):
        readback.same("registration", "TiresCovered", 4, "4")
    with pytest.raises(Deviation, match="expected ShopID = '005308', got '5308' — strings read back exactly"):
        readback.same("registration", "ShopID", "005308", "5308")


def test_compare_skips_what_is_not_echoed_and_requires_the_rest() -> None:
    sent = {"ShopID": "005308", "InvoiceNumber": "1", "CancelShopID": "005308", "CancelInvoiceNumber": "9",
            "TireCancelCount": 4, "CancelDate": "2020-01-27", "NotInTheDictionary": "x"}
    got = {k: v for k, v in sent.items() if k not in ("TireCancelCount", "NotInTheDictionary")}
    readback.compare("cancellation", sent, {**got, "CancelDate": "2020-01-27T00:00:00Z"})
    with pytest.raises(Deviation, match=r"expected the read-back cancellation to carry CancelDate, got keys"):
        readback.compare("cancellation", sent, {k: v for k, v in got.items() if k != "CancelDate"})


def test_compare_of_nothing_says_a_200_promised_the_record() -> None:
    with pytest.raises(Deviation) as caught:
        readback.compare("sale", {"ShopID": "005308", "InvoiceNumber": "1"}, None)
    assert str(caught.value) == ("expected the accepted sale 005308/1 to read back, got nothing: a 200 promises all "
                                 "records written")


def test_numbers_checks_the_sent_ints_and_money_only() -> None:
    sent = claim("5", VehicleMileage=43010)
    readback.numbers("claim", sent, {"TireClaimCount": 1, "CreditAmount": 64.04, "VehicleMileage": 43010.0})
    with pytest.raises(Deviation, match="expected VehicleMileage as a JSON integer, got '43010'"):
        readback.numbers("claim", sent, {"TireClaimCount": 1, "CreditAmount": 64.04, "VehicleMileage": "43010"})


# -- finding the record in an answer ------------------------------------------------------------------
def test_the_claim_is_found_in_an_array_by_its_repair_keys() -> None:
    first, second = claim("11"), claim("12")
    body = ["not an object", first, second]
    assert readback.match("claim", second, body) is second
    assert readback.found("claim", first, answer(200, body)) == first
    assert readback.match("claim", claim("13"), body) is None


def test_a_single_object_and_204_and_keys_the_record_lacks() -> None:
    registration = {"ShopID": "005308", "InvoiceNumber": "1"}
    assert readback.found("registration", registration, answer(200, registration)) == registration
    assert readback.found("registration", registration, answer(204)) is None
    assert readback.match("registration", registration, {"ShopID": "005308", "InvoiceNumber": "2"}) is None
    assert readback.match("claim", registration, [claim("1")]) == claim("1")  # no Repair keys: not compared


def test_finding_in_an_answer_that_is_neither_200_nor_204_is_a_deviation() -> None:
    with pytest.raises(Deviation, match=r"expected 200 or 204, got 500 .* — a GET of a claim by its ShopID"):
        readback.found("claim", claim("1"), answer(500, {"error": "boom"}))


def test_every_accepted_claim_is_returned_or_one_object_is_recorded() -> None:
    first, second = claim("11"), claim("12")
    stored = [{**c, "ClaimDate": "2020-01-27T00:00:00Z"} for c in (first, second)]
    accepted = [("registration", {"ShopID": "005308"}), ("claim", first), ("claim", second)]
    assert readback.claims(accepted, answer(200, stored)) is True
    assert readback.claims(accepted, answer(200, stored[0])) is False  # D-ABS-28: recorded, not judged
    with pytest.raises(Deviation, match="expected the accepted claim 005308/1044273 to read back"):
        readback.claims(accepted, answer(200, stored[:1]))
    with pytest.raises(Deviation, match=r"expected CreditAmount = 64\.04 \(to the cent\), got 64"):
        readback.claims(accepted, answer(200, [stored[0], {**stored[1], "CreditAmount": 64}]))


def test_not_written() -> None:
    readback.nothing_written("sale", {"ShopID": "1", "InvoiceNumber": "2"}, answer(204))
    with pytest.raises(Deviation, match=r"expected the refused sale not to be written \(GET 204\), got 200"):
        readback.nothing_written("sale", {"ShopID": "1", "InvoiceNumber": "2"}, answer(200, {"ShopID": "9"}))
    readback.rejected_not_written("claim", claim("2"), answer(200, [claim("1")]))  # claims share the key
    with pytest.raises(Deviation, match="expected 204, got 200"):
        readback.rejected_not_written("sale", {"ShopID": "1", "InvoiceNumber": "2"}, answer(200, {"ShopID": "9"}))
    with pytest.raises(Deviation, match="expected the rejected claim not to be written"):
        readback.rejected_not_written("claim", claim("1"), answer(200, [claim("1")]))


def test_objects_of_an_answer() -> None:
    assert readback.objects(answer(200, {"a": 1})) == [{"a": 1}]
    assert readback.objects(answer(200, [{"a": 1}, {"b": 2}])) == [{"a": 1}, {"b": 2}]
    for body in ([], [1], "text"):
        with pytest.raises(Deviation, match="expected a JSON object"):
            readback.objects(answer(200, body))


# -- the registration's status ------------------------------------------------------------------------
def test_status_expectations() -> None:
    before = {**STATUS, "TireClaimCount": 0, "TiresLeft": 3}
    now = {**STATUS, "CancelDate": "", "ExpireDate": "2027-01-01T00:00:00Z"}
    readback.expect(now, "TireClaimCount up by 1, TiresLeft down by 1, and TiresCovered 4", before)
    readback.expect(now, "an ExpireDate and no CancelDate", None)
    with pytest.raises(Deviation, match="expected TiresLeft = 1, got 2 — down by 2 from 3"):
        readback.expect(now, "TiresLeft down by 2", before)
    with pytest.raises(RuntimeError, match="must read the status first"):
        readback.expect(now, "TiresLeft down by 1", None)
    with pytest.raises(ValueError, match="cannot read the status expectation"):
        readback.expect(now, "TiresLeft about right", before)


def test_status_unchanged_and_active_dates() -> None:
    readback.unchanged({**STATUS, "RegistrationID": 7}, {"RegistrationID": 7}, "RegistrationID")
    with pytest.raises(Deviation, match="expected TiresLeft = 3, got 2 — it must not change"):
        readback.unchanged(STATUS, {**STATUS, "TiresLeft": 3}, "status")
    dates = {"PlanEnrollDate": "2026-11-23T00:00:00Z", "CreatedDate": "2026-11-23T10:00:00Z", "CancelDate": "",
             "ExpireDate": "", "StatusDate": "2026-11-23T10:00:00Z"}
    readback.active_dates(dates)
    with pytest.raises(Deviation, match=r"expected StatusDate ≥ CreatedDate \(D-ABS-26\)"):
        readback.active_dates({**dates, "StatusDate": "2026-11-23T09:00:00Z"})


# -- AbsScenario against the embedded sandbox ---------------------------------------------------------
@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer([AbsSandbox()]) as running:
        yield running


@pytest.fixture
def scenario(server: SandboxServer, tmp_path: Path) -> Iterator[AbsScenario]:
    options = RunOptions(mode="sandbox", vendors=("abs",), root=tmp_path)
    target = Target(registry()["abs"], options, VendorHttp("abs", server.base_url("abs")), None)  # type: ignore[arg-type]
    target.credentials = target.http.request("GET", "/_sandbox/credentials").json()
    redactor.add(target.credentials["secret"], target.credentials["other_secret"])
    target.reset()
    yield AbsScenario(AbsClient(target), AbsData(1, "tests/vendors/abs/test_scenario.py"), target, Conversation())
    target.close()


def test_the_registration_is_sent_once_and_claims_are_counted(scenario: AbsScenario) -> None:
    registration = scenario.the_registration()
    assert scenario.the_registration() is registration and scenario.kind == "registration"
    assert scenario.today == registration["PlanEnrollDate"]
    scenario.remember_status()
    scenario.send_event("claim", 1)
    assert scenario.conversation.last.status_code == 200 and scenario.accepted[-1] == ("claim", scenario.record)
    readback.expect(scenario.status(), "TireClaimCount up by 1 and TiresLeft down by 1", scenario.status_before)
    scenario.send_event("cancellation", None)  # the remaining tires
    assert scenario.record["TireCancelCount"] == 3
    assert scenario.status()["TiresLeft"] == 0


def test_two_claims_on_one_registration_are_found_and_compared(scenario: AbsScenario) -> None:
    first = scenario.setup("claim", scenario.event("claim", 1))
    second = scenario.setup("claim", scenario.event("claim", 2))
    response = scenario.read("claim", first)
    assert isinstance(response.json(), list)
    assert scenario.find("claim", second, response)["TireClaimCount"] == 2
    scenario.compare(first, response)
    assert readback.claims(scenario.accepted, scenario.read()) is True
    assert scenario.read_field("TireClaimCount") == 2


def test_a_refused_record_is_not_accepted_and_does_not_read_back(scenario: AbsScenario) -> None:
    scenario.use("sale", scenario.build("sale"))
    scenario.without("TirePrice")
    scenario.send_record()
    scenario.refused_naming([400], ["TirePrice"], documented=True)
    assert scenario.accepted == []
    readback.nothing_written(scenario.kind, scenario.record, scenario.read())
    with pytest.raises(Deviation, match="expected the accepted sale to read back, got 204"):
        scenario.read_back()


def test_queries_leave_out_a_parameter_and_record_the_answer(scenario: AbsScenario) -> None:
    response = scenario.query(missing="ShopID")
    assert "ShopID" not in response.request.url.params and scenario.conversation.last is response
    assert scenario.query("registrationstatus").status_code == 204
    assert scenario.post("empty").request.content == BODIES["empty"]


def test_authorization_variants(scenario: AbsScenario) -> None:
    assert authorization(scenario.client, scenario.data, scenario.target, "no authorization header") is None
    assert scenario.authorization("the suite's own token") is DEFAULT
    assert scenario.authorization("a JWT without the Bearer prefix").count(".") == 2
    assert "a truncated JWT" in variants(scenario.client, scenario.data, scenario.target)
    with pytest.raises(KeyError, match="unknown authorization variant 'a pigeon'; known: no authorization"):
        scenario.authorization("a pigeon")
