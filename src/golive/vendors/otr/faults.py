"""Deliberate deviations of the embedded OTR sandbox from otr.md (test-only).

FAULTS: each one breaks one documented behaviour; ``caught_by`` names the catalogue items
whose checks must catch it and ``result`` what they must show (behaviours.md's levels:
stated/example/override items FAILED, implied ones WARNING; a mixed basis FAILED for the
stated part).

VARIANTS: each one makes another choice than otr.md where ``behaviours.md`` explicitly
allows it (the D-/OTR- item is cited), so a run against a sandbox with any or all of them
must stay READY with no FAILED and no WARNING. SHADOWED: a variant that another one overrides
when both are on (another answer to the same request); those get a run of their own.

Both are switched on the same way (``--sandbox-fault otr:NAME``) and checked by the
sandbox with ``self.fault(name)``.
"""
from __future__ import annotations

from golive.types import Fault

FAULTS: dict[str, Fault] = {
    # Subscription key
    "token-without-subscription-key": Fault(
        "POST /token issues tokens without checking the subscription key", ("OTR-01",)),
    "claims-without-subscription-key": Fault(
        "GET /token/claims answers a valid bearer without the subscription key", ("OTR-01", "OTR-15")),
    "unknown-subscription-key-accepted": Fault(
        "any non-empty subscription key is accepted", ("OTR-02",)),
    # Token request and response
    "wrong-password-accepted": Fault("a wrong password still gets a token", ("OTR-09",)),
    "missing-password-accepted": Fault("a token request without a password gets a token", ("OTR-08",)),
    "token-type-missing": Fault("the token response has no token_type", ("OTR-04", "OTR-05")),
    "refresh-token-missing": Fault("the token response has no refresh_token", ("OTR-04", "OTR-07")),
    "expires-in-zero": Fault("expires_in is 0 (the token still lives 7199 s)", ("OTR-06",)),
    "expires-in-string": Fault("expires_in is the JSON string \"7199\"", ("OTR-06",)),
    "expires-in-over-two-hours": Fault("expires_in is 86400, and tokens live that long", ("OTR-06",)),
    # Token lifetime (vendor clock)
    "token-never-expires": Fault("access tokens are honoured forever", ("OTR-14",)),
    "token-expires-late": Fault("access tokens are honoured 300 s past expires_in (a clock-skew allowance)",
                                ("OTR-14",)),
    "token-expires-early": Fault("access tokens are refused from 60 s before expires_in (D-OTR-07: WARNING)",
                                 ("OTR-14",), "WARNING"),
    # Claims
    "claims-roles-missing": Fault("the claims have no roles", ("OTR-10", "OTR-11")),
    "claims-clientid-string": Fault("clientID is a JSON string", ("OTR-11",)),
    "claims-key-case": Fault("the claims keys are userId and clientId", ("OTR-10", "OTR-11", "OTR-36")),
    "claims-per-token": Fault("each token gets its own userID and clientID", ("OTR-16",), "WARNING"),
    "claims-server-error": Fault("GET /token/claims answers 500", ("OTR-10",)),
    # Authority lookup
    "authority-neither-200": Fault("a lookup with neither dot nor mc answers 200 (every key null)", ("OTR-19",)),
    "authority-unknown-200-empty-object": Fault("a lookup that matches nothing answers 200 {}", ("OTR-17",)),
    "prospect-key-missing": Fault("the prospect object has no DbaName", ("OTR-17",)),
    "prospect-phone-number": Fault("the prospect's Phone is a JSON number", ("OTR-22",)),
    "dot-number-prefixed": Fault("DotNumber comes back as \"USDOT <dot>\", not the queried dot", ("OTR-20",),
                                 "WARNING"),
    "mc-lookup-unsupported": Fault("a lookup by mc alone answers 400 (dot required)", ("OTR-18",)),
    "lookup-needs-bearer": Fault("the lookup answers 401 without a valid bearer token", ("OTR-21",)),
    "lookup-records-no-lead": Fault("the lookup records no lead", ("OTR-23",)),
    "istest-maybe-accepted": Fault("isTest values that are not booleans are taken as false (lookup and lead)",
                                   ("OTR-24",), "WARNING"),
    # Leads
    "lead-wrong-text": Fault("a lead is answered \"Lead submitted\"", ("OTR-26",)),
    "lead-not-recorded": Fault("submitted leads are not recorded", ("OTR-27",)),
    "lead-missing-email-accepted": Fault("a lead without email is accepted", ("OTR-28",), "WARNING"),
    # Accounts
    "account-unknown-cab-201": Fault("an unknown CAB id answers 201 (no account is made)", ("OTR-31",), "WARNING"),
    # Verification
    "verification-code-five-digits": Fault("the e-mailed code has 5 digits", ("OTR-33",)),
    "verification-no-email": Fault("no verification e-mail is sent", ("OTR-33",)),
    "verification-id-is-code": Fault("verificationId is the 6-digit code", ("OTR-34",)),
    "verification-cabid-wrong": Fault("the verification answer's cabId lacks the \"CAB-\" prefix", ("OTR-35",),
                                      "WARNING"),
}

VARIANTS: dict[str, str] = {
    # Token
    "wrong-password-401": "a wrong password answers 401, not 400 (OTR-09, D-OTR-08: 400 or 401)",
    "token-errors-message-only": "token errors are {\"message\": ...} without an RFC 6749 error code (D-OTR-08: "
                                 "error bodies not checked; D-X-03)",
    "token-form-only": "the token endpoint reads form bodies only: a JSON body counts as empty, 400 (D-OTR-06: "
                       "form is primary, the accepted encoding is recorded)",
    "token-json-only": "the token endpoint reads JSON bodies only: a form body counts as empty, 400 (D-OTR-06: "
                       "the suite tries form first and records which encoding is accepted)",
    "token-type-capitalised": "token_type is \"Bearer\" (OTR-05, D-OTR-14: compared case-insensitively)",
    "token-lifetime-3600": "tokens carry expires_in 3600 and live that long (OTR-06: 0 < value <= 7200; D-OTR-07)",
    "refresh-token-reusable": "a refresh token can be used again (D-OTR-07: no refresh outcome is judged)",
    "refresh-grant-unsupported": "grant_type=refresh_token answers 400 unsupported_grant_type (D-OTR-07: a refused "
                                 "refresh is not judged)",
    # Claims
    "claims-several-roles": "the claims carry two roles (OTR-11: roles is an array of strings, no closed enum)",
    # Authority lookup
    "both-dot-and-mc-by-mc": "with both dot and mc the lookup goes by mc (D-OTR-03: precedence not asserted)",
    "authority-unknown-204": "a lookup that matches nothing answers 204 (D-OTR-16, D-OTR-08: 204 tolerated)",
    "authority-unknown-200-empty-fields": "a lookup that matches nothing answers 200 with every prospect key null "
                                          "(D-OTR-16: a 200 with empty fields tolerated)",
    "prospect-sample-objects": "Email, MotorCarrierNumber and DbaName are {} as in the document's sample (OTR-22, "
                               "D-OTR-04: no type constraint)",
    "prospect-nulls": "Email, MotorCarrierNumber, DbaName, Street and MobilePhone are null (OTR-22: null tolerated; "
                      "D-OTR-04)",
    "istest-lenient-booleans": "isTest also takes True/FALSE/1/0 (D-OTR-13: the suite sends lowercase true/false; "
                               "other encodings not asserted)",
    # Leads
    "lead-201": "a lead answers 201, not 200 (D-OTR-09: 200 or 201)",
    "lead-json-string": "a lead answers the JSON string \"Lead has been submitted\" as application/json (D-OTR-09: "
                        "raw or JSON-decoded)",
    "lead-text-newline": "the lead answer ends in CRLF (D-OTR-09: surrounding whitespace ignored)",
    "lead-only-email-required": "a lead needs only email; the other four fields may be missing (D-OTR-09: the "
                                "only negative tests are an empty or non-JSON body and a missing email)",
    "lead-email-unchecked": "a lead's email is not checked for an address shape (D-OTR-09: phone and e-mail formats "
                            "not asserted)",
    # Accounts and verification
    "account-created-200": "account creation answers 200, not 201 (D-OTR-10: any 2xx)",
    "account-duplicate-idempotent": "creating an existing account answers 200 with it (D-OTR-10: duplicates "
                                    "recorded, not asserted)",
    "account-duplicate-400": "creating an existing account answers 400 (D-OTR-10: another 4xx allowed)",
    "unknown-cab-id-400": "an unknown CAB id answers 400, not 404, on accounts and verification (OTR-31, "
                          "D-OTR-08: 404 or 400)",
    "verification-id-opaque": "verificationId is 32 hex digits, not a UUID (OTR-32: a string; D-OTR-11)",
    "verification-resend-same-code": "a second verification for the same CAB id resends the same code and "
                                     "verificationId (D-OTR-17: resend behaviour not asserted)",
}

SHADOWED: dict[str, str] = {
    "token-json-only": "token-form-only",
    "refresh-token-reusable": "refresh-grant-unsupported",
    "authority-unknown-200-empty-fields": "authority-unknown-204",
    "prospect-nulls": "prospect-sample-objects",
    "account-duplicate-400": "account-duplicate-idempotent",
}
