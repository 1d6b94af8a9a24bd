"""The suite catches deviations: a sandbox with one deliberate fault makes the right check fail.

Each row: a fault of ``golive.vendors.abs.faults``, the behaviour ids of which at least one
must be among the checks with the expected result, and that result.
"""
from __future__ import annotations

import pytest

from golive.vendors.abs.faults import FAULTS

F, W = "FAILED", "WARNING"

CAUGHT_BY: dict[str, tuple[set[str], str]] = {
    # authentication
    "accept-bad-signature": ({"ABS-04"}, F),
    "accept-alg-none": ({"ABS-05"}, F),
    "accept-missing-claimdate": ({"ABS-07"}, F),
    "accept-other-partner-company": ({"ABS-09"}, F),
    "get-without-auth": ({"ABS-10"}, F),
    # status codes and bodies
    "partial-as-200": ({"ABS-18"}, F),
    "all-rejected-as-206": ({"ABS-20"}, F),
    "post-200-without-message": ({"ABS-16"}, F),
    "error-fields-lowercase": ({"ABS-19", "ABS-21", "ABS-22", "ABS-36"}, F),
    "accept-non-json-content-type": ({"ABS-15"}, W),
    # field rules
    "truncate-long-strings": ({"ABS-29"}, F),
    "accept-missing-required": ({"ABS-19", "ABS-36"}, F),
    "int-strings-stored-as-strings": ({"ABS-25"}, F),
    "money-read-back-rounded-wrong": ({"ABS-26"}, F),
    "offset-not-normalised": ({"ABS-31"}, W),
    "commercial-default-yes": ({"ABS-39"}, F),
    # retransmission keys
    "registration-resend-duplicates": ({"ABS-42"}, F),
    "claim-resend-duplicates": ({"ABS-53"}, F),
    "claim-key-ignores-repair-invoice": ({"ABS-54"}, F),
    "cancel-resend-rejected": ({"ABS-64"}, F),
    "registration-id-changes-on-update": ({"ABS-42"}, F),
    # business rules
    "claim-without-registration-accepted": ({"ABS-49"}, F),
    "claim-on-cancelled-accepted": ({"ABS-50"}, F),
    "cancel-twice-accepted": ({"ABS-63"}, F),
    "over-claim-accepted": ({"ABS-77"}, F),
    "expiry-ignored": ({"ABS-51", "ABS-81"}, F),
    "tiresleft-not-decremented": ({"ABS-48", "ABS-77"}, F),
    # GET
    "get-nomatch-200-empty-object": ({"ABS-71"}, F),
    "get-array-for-single": ({"ABS-70"}, F),
    "get-drops-leading-zeros": ({"ABS-17"}, F),
    "get-dates-not-utc": ({"ABS-32"}, F),
    "get-params-case-sensitive": ({"ABS-73"}, F),
    "get-partnerid-as-string": ({"ABS-11"}, F),
    "get-orgid-filter-ignored": ({"ABS-72"}, F),
    # test tables
    "test-tables-shared": ({"ABS-13"}, F),
    # any 5xx
    "server-error-on-get": ({"ABS-02", "ABS-70"}, F),
}


def test_every_fault_is_in_the_matrix() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(CAUGHT_BY))
def test_a_faulted_sandbox_is_caught(run_golive, fault: str) -> None:  # noqa: ANN001
    ids, expected = CAUGHT_BY[fault]
    outcome = run_golive("certify", "--vendor", "abs", "--no-fuzz", "--sandbox-fault", f"abs:{fault}")
    caught = {b["id"] for check in outcome.with_result(expected) for b in check["behaviours"]}
    assert ids & caught, f"{fault}: expected a {expected} check on {sorted(ids)}; {expected} ids: {sorted(caught)}"
    verdict = outcome.vendor()["verdict"]
    if expected == F:
        assert (outcome.code, verdict) == (1, "NOT READY")
    else:  # a broken assumption warns; it does not block go-live on its own
        assert outcome.vendor()["counts"]["FAILED"] == 0 and verdict == "READY"
