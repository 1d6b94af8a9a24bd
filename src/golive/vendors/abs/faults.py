"""Deliberate deviations of the embedded ABS sandbox from abs.md (test-only).

Each one breaks one documented behaviour, so that a certification run against a faulted
sandbox must come out NOT READY; the sandbox checks them with ``self.fault(name)``.
"""
from __future__ import annotations

FAULTS: dict[str, str] = {
    # Endpoint and auth
    "accept-bad-signature": "a JWT signed with any secret is accepted: the HS256 signature is not checked",
    "accept-alg-none": "an unsigned JWT (alg none) is accepted",
    "accept-missing-claimdate": "a JWT without the claimdate claim is accepted",
    "accept-expired-token": "a JWT whose exp has passed on the vendor clock is accepted",
    "accept-other-partner-company": "a partner's valid JWT is accepted on another partner's company path",
    "get-without-auth": "GET answers without checking the Authorization header",
    # POST status codes and bodies
    "partial-as-200": "a batch with some records rejected answers 200 instead of 206",
    "all-rejected-as-206": "a POST whose every record is rejected answers 206 instead of 400",
    "post-200-without-message": "a 200 POST body lacks \"Successfully Posted\"",
    "error-fields-lowercase": "400/206 bodies name the offending fields only in lower case, never by their JSON labels",
    "accept-non-json-content-type": "a POST whose Content-Type is not JSON is processed as if it were",
    # Field rules
    "truncate-long-strings": "strings over their string(n) limit are silently truncated and accepted",
    "accept-missing-required": "records missing required fields are accepted",
    "int-strings-stored-as-strings": "int fields posted as digit strings read back as JSON strings",
    "money-read-back-rounded-wrong": "money reads back rounded to 1 decimal (188.99 -> 189.0)",
    "offset-not-normalised": "a date-time's UTC offset is dropped: 01:00:00+02:00 reads back as 01:00:00Z",
    "commercial-default-yes": "an omitted CommercialVehicle reads back as \"true\" instead of the default No",
    # Retransmission keys
    "registration-resend-duplicates": "re-sending a registration (same ShopID + InvoiceNumber) adds a second one",
    "claim-resend-duplicates": "re-sending a claim with the same key adds a new claim, counted twice",
    "claim-key-ignores-repair-invoice": "a claim differing only in RepairInvoiceNumber replaces the earlier claim",
    "cancel-resend-rejected": "re-sending the same cancellation is rejected as a second cancellation",
    # Business rules
    "claim-without-registration-accepted": "a claim for a registration that does not exist is accepted",
    "claim-on-cancelled-accepted": "claims ignore cancellations (status and cancelled tires): a claim against a cancelled registration is accepted",
    "cancel-twice-accepted": "a second, distinct cancellation of a cancelled registration is accepted",
    "over-claim-accepted": "a claim of more tires than are left is accepted (TiresLeft goes negative)",
    "expiry-ignored": "registrations never expire",
    "tiresleft-not-decremented": "registrationstatus TiresLeft ignores claimed tires",
    "registration-id-changes-on-update": "re-sending a registration gives it a new RegistrationID",
    # GET
    "get-nomatch-200-empty-object": "a GET matching nothing answers 200 {} instead of 204",
    "get-array-for-single": "a GET with a single match answers a one-element array instead of an object",
    "get-drops-leading-zeros": "GET returns ShopIDs without their leading zeros (005308 -> 5308)",
    "get-dates-not-utc": "GET dates are returned at a -05:00 offset instead of UTC",
    "get-params-case-sensitive": "GET accepts only lower-case parameter names (ShopID=... gives 400)",
    "get-partnerid-as-string": "GET returns PartnerID as a JSON string, not a number",
    "get-orgid-filter-ignored": "the OrgID GET filter is ignored: a non-matching OrgID still returns the record",
    # Test tables
    "test-tables-shared": "{company}_test reads and writes the production tables",
    # Server errors
    "server-error-on-get": "every authorised GET answers 500",
}
