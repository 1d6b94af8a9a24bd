"""Deliberate deviations of the embedded ABS sandbox from abs.md (test-only).

FAULTS: each one breaks one documented behaviour, so that a certification run against a
faulted sandbox must come out NOT READY (or, for an implied one, warn).

VARIANTS: each one makes another choice than abs.md where ``behaviours.md`` explicitly
allows it (the D-/ABS- item is cited), so that a run against a sandbox with any or all of
them must stay READY with no FAILED and no WARNING: the suite must accept everything the
catalogue allows.

Both are switched on the same way (``--sandbox-fault abs:NAME``) and checked by the
sandbox with ``self.fault(name)``.
"""
from __future__ import annotations

from golive.types import Fault

FAULTS: dict[str, Fault] = {
    # Endpoint and auth
    "accept-bad-signature": Fault("a JWT signed with any secret is accepted: the HS256 signature is not checked",
                                  ("ABS-04",)),
    "accept-alg-none": Fault("an unsigned JWT (alg none) is accepted", ("ABS-05",)),
    "accept-missing-claimdate": Fault("a JWT without the claimdate claim is accepted", ("ABS-07",)),
    "accept-other-partner-company": Fault("a partner's valid JWT is accepted on another partner's company path",
                                          ("ABS-09",)),
    "other-partner-write-applied": Fault("a POST with another partner's valid JWT is answered 401 but written first "
                                         "(D-ABS-14.3: nothing is written)", ("ABS-09",)),
    "get-without-auth": Fault("GET answers without checking the Authorization header", ("ABS-10",)),
    # POST status codes and bodies
    "partial-as-200": Fault("a batch with some records rejected answers 200 instead of 206", ("ABS-18",)),
    "all-rejected-as-206": Fault("a POST whose every record is rejected answers 206 instead of 400", ("ABS-20",)),
    "post-200-without-message": Fault("a 200 POST body lacks \"Successfully Posted\"", ("ABS-16",)),
    "error-fields-lowercase": Fault("400/206 bodies name the offending fields only in lower case, never by their "
                                    "JSON labels",
                                    ("ABS-19", "ABS-21", "ABS-22", "ABS-36")),
    "accept-non-json-content-type": Fault("a POST whose Content-Type is not JSON is processed as if it were",
                                          ("ABS-15",), "WARNING"),
    # Field rules
    "truncate-long-strings": Fault("strings over their string(n) limit are silently truncated and accepted",
                                   ("ABS-29",)),
    "accept-missing-required": Fault("records missing required fields are accepted", ("ABS-19", "ABS-36")),
    "int-strings-stored-as-strings": Fault("int fields posted as digit strings read back as JSON strings", ("ABS-25",)),
    "money-read-back-rounded-wrong": Fault("money reads back rounded to 1 decimal (188.99 -> 189.0)", ("ABS-26",)),
    "money-stored-as-float32": Fault("money is kept in a single-precision column: 188.99 reads back as "
                                     "188.99000549316406, not a whole number of cents (D-ABS-10.1)", ("ABS-26",)),
    "money-extra-decimals-truncated": Fault("money with more than 2 decimals is accepted and truncated, not rounded "
                                            "(12.346 -> 12.34; D-ABS-10.2)", ("ABS-26",)),
    "commercial-vehicle-case-sensitive": Fault("CommercialVehicle takes only Yes, No, true and false as spelt: "
                                               "\"YES\" or \"False\" is refused (D-ABS-11.1)", ("ABS-40",)),
    "registration-rejects-tirecount": Fault("a Registration carrying the TireCount the document's note asks for is "
                                            "refused with 400 (D-ABS-20.1)", ("ABS-43",)),
    # D-ABS-21.1 and D-ABS-36.2 resolve what the document leaves open (TireDOT1 is marked "Y"; no bound on
    # TiresCovered): a vendor reading its table the other way breaks our reading, an assumption
    "tiredot1-required": Fault("a Registration without TireDOT1 (or with \"\") is refused with 400 (D-ABS-21.1)",
                               ("ABS-36",), "WARNING"),
    "tirescovered-capped-at-six": Fault("a Registration with TiresCovered above 6 is refused with 400 (D-ABS-36.2)",
                                        ("ABS-38",), "WARNING"),
    "offset-not-normalised": Fault("a date-time's UTC offset is dropped: 01:00:00+02:00 reads back as 01:00:00Z",
                                   ("ABS-31",), "WARNING"),
    "commercial-default-yes": Fault("an omitted CommercialVehicle reads back as \"true\" instead of the default No",
                                    ("ABS-39",)),
    # Retransmission keys
    "registration-resend-duplicates": Fault("re-sending a registration (same ShopID + InvoiceNumber) adds a second one",
                                            ("ABS-42",)),
    "claim-resend-duplicates": Fault("re-sending a claim with the same key adds a new claim, counted twice",
                                     ("ABS-53",)),
    "claim-key-ignores-repair-invoice": Fault("a claim differing only in RepairInvoiceNumber replaces the earlier "
                                              "claim",
                                              ("ABS-54",)),
    "cancel-resend-rejected": Fault("re-sending the same cancellation is rejected as a second cancellation",
                                    ("ABS-64",)),
    # Business rules
    "claim-without-registration-accepted": Fault("a claim for a registration that does not exist is accepted",
                                                 ("ABS-49",)),
    "claim-on-cancelled-accepted": Fault("claims ignore cancellations (status and cancelled tires): a claim "
                                         "against a cancelled registration is accepted",
                                         ("ABS-50",)),
    "cancel-twice-accepted": Fault("a second, distinct cancellation of a cancelled registration is accepted",
                                   ("ABS-63",)),
    "over-claim-accepted": Fault("a claim of more tires than are left is accepted (TiresLeft goes negative)",
                                 ("ABS-77",)),
    "expiry-ignored": Fault("registrations never expire", ("ABS-51", "ABS-81")),
    "tiresleft-not-decremented": Fault("registrationstatus TiresLeft ignores claimed tires", ("ABS-48", "ABS-77")),
    "registration-id-changes-on-update": Fault("re-sending a registration gives it a new RegistrationID", ("ABS-42",)),
    "batch-duplicate-first-wins": Fault("a batch repeating a registration's ShopID + InvoiceNumber keeps the first "
                                        "record, not the last (D-ABS-18.3)", ("ABS-42",), "WARNING"),
    "sale-resend-duplicates": Fault("re-sending a sale adds a second one: GET sales answers an array (D-ABS-23.3)",
                                    ("ABS-59",), "WARNING"),
    "status-code-message-mismatch": Fault("a cancelled or used-up registration past its term shows WarrantyStatus 4 "
                                          "with the Message of 2 or 3 (D-ABS-26.1)", ("ABS-76",)),
    "status-date-eastern-time": Fault("registrationstatus StatusDate is US Eastern time labelled UTC, 5 hours early "
                                      "and before CreatedDate (D-ABS-26.2)", ("ABS-83",)),
    # GET
    "get-nomatch-200-empty-object": Fault("a GET matching nothing answers 200 {} instead of 204", ("ABS-71",)),
    "get-array-for-single": Fault("a GET with a single match answers a one-element array instead of an object",
                                  ("ABS-70",)),
    "get-drops-leading-zeros": Fault("GET returns ShopIDs without their leading zeros (005308 -> 5308)", ("ABS-17",)),
    "get-dates-not-utc": Fault("GET dates are returned at a -05:00 offset instead of UTC", ("ABS-32",)),
    "get-params-case-sensitive": Fault("GET accepts only lower-case parameter names (ShopID=... gives 400)",
                                       ("ABS-73",)),
    "get-partnerid-as-string": Fault("GET returns PartnerID as a JSON string, not a number", ("ABS-11",)),
    "get-orgid-filter-ignored": Fault("the OrgID GET filter is ignored: a non-matching OrgID still returns the record",
                                      ("ABS-72",)),
    "get-requires-partnerid": Fault("a GET without the partnerid parameter (not in the parameter table) answers 400 "
                                    "(D-ABS-31.1)", ("ABS-74",)),
    # Test tables
    "test-tables-shared": Fault("{company}_test reads and writes the production tables", ("ABS-13",)),
    # Server errors
    "server-error-on-get": Fault("every authorised GET answers 500", ("ABS-02", "ABS-70")),
}

VARIANTS: dict[str, str] = {
    # Endpoint and auth
    "accept-expired-token": "a JWT whose exp has passed is accepted (D-ABS-13: exp is not asserted, only ABS-03 to "
                            "ABS-08; golive's own tokens carry none)",
    "unknown-company-404": "an unknown company path answers 404, not 401 (ABS-09, D-ABS-14: 401 or 404)",
    "unauthorized-empty-body": "a 401 has an empty body (abs.md: the body of a 401 is not asserted; D-X-03)",
    # POST envelope, status codes and bodies
    "content-type-415": "a POST whose Content-Type is not JSON answers 415, not 400 (D-ABS-38: 400 or 415)",
    "strict-application-json": "only application/json itself is JSON: application/vnd.x+json is refused "
                               "(D-ABS-15: application/json only; D-ABS-38)",
    "mixed-record-types": "a body with several record-type keys is processed key by key instead of refused "
                          "(D-ABS-19: mixed bodies are outside the contract, not asserted)",
    "post-200-plain-text": "a 200 POST body is text/plain \"Successfully Posted\" (D-ABS-16: raw text allowed)",
    "post-200-json-string": "a 200 POST body is the JSON string \"Successfully Posted\" (D-ABS-16: a JSON "
                            "string allowed)",
    "error-body-objects": "400 elements are {\"Field\": F, \"Error\": M}, 206 elements plain strings naming the "
                          "fields and accepted InvoiceNumbers (D-ABS-17: items unconstrained; ABS-23)",
    # Field rules
    "store-long-strings": "strings over their string(n) width are stored in full, not refused (ABS-29, D-ABS-06)",
    "string-fields-accept-numbers": "a JSON number in a string field is accepted and stored as its text "
                                    "(D-ABS-39: rejection not asserted)",
    "round-extra-decimals": "money with more than 2 decimals is accepted and rounded to the cent (D-ABS-10)",
    "reject-negative-money": "a negative money amount is refused with 400 naming the field (D-ABS-10, D-ABS-36: "
                             "negative money not asserted)",
    "reject-hybrid-date": "the document's literal YYYYMMDDTHH:MM:SS is refused as malformed (D-ABS-07: probed "
                          "and recorded, not asserted)",
    "no-repairlnvoice-alias": "the dictionary's RepairlnvoiceNumber spelling is not an alias (D-ABS-03: the "
                              "live vendor is not required to accept it)",
    "sale-key-without-orgid": "a Sale is upserted by ShopID + InvoiceNumber alone, OrgID included in the update "
                              "(D-ABS-23: no Sales retransmission rule, not asserted)",
    # GET output
    "commercial-yes-no": "CommercialVehicle reads back as \"Yes\"/\"No\", not \"true\"/\"false\" (D-ABS-11, "
                         "ABS-39/40: any of the four)",
    "money-fixed-two-decimals": "money reads back with exactly two decimals on the wire (60.00, not 60) "
                                "(ABS-26, D-ABS-10: compared numerically)",
    "offset-plus-zero": "GET dates end in +00:00 instead of Z (ABS-32, D-ABS-08, D-X-01)",
    "dates-fractional-seconds": "GET dates carry milliseconds (2020-01-27T00:00:00.000Z) (D-X-01: fractional "
                                "seconds optional)",
    "partnerid-mismatch-204": "a GET whose partnerid is not the token's answers 204, not 401 (ABS-74, D-ABS-31)",
    "claims-several-as-latest-object": "several claims on one registration read back as one object, the latest "
                                       "claim (D-ABS-28: or the single object returned is recorded)",
    "claims-newest-first": "several claims on one registration come back as an array, newest first (D-ABS-28: "
                           "each retrievable in the array; no order documented)",
    "claims-servicetype-only-when-set": "a claim's GET object omits ServiceType when none was sent (D-ABS-02: "
                                        "optional in the response)",
    "cancellations-omit-tirecancelcount": "GET cancellations has no TireCancelCount, as in the document's example "
                                          "(D-ABS-29)",
    "extra-response-keys": "every GET object carries extra keys RecordID and ModifiedDate (D-ABS-29: additional "
                           "properties allowed)",
    "get-400-expected-object": "a GET 400 body is a JSON object listing every expected parameter in lower case "
                               "(ABS-67/69, D-ABS-32: any JSON that mentions each, any case)",
    "rec-values-lowercase-only": "rec values are matched case-sensitively (only lower case) (D-ABS-39: the suite "
                                 "sends lower case; other cases not asserted)",
    # registrationstatus
    "status-after-partial-cancel-active": "a partial cancellation leaves WarrantyStatus 1 (D-ABS-24: status 2 is "
                                          "asserted only for a full cancellation)",
    "status-expired-first": "an expired registration shows 4 even when also cancelled or out of tires "
                            "(D-ABS-26: any applicable code for combined states)",
    "status-date-always-set": "StatusDate is set from creation on (CreatedDate) (D-ABS-26: \"\" or RFC 3339, "
                              "not before CreatedDate)",
    "expire-date-always-set": "ExpireDate is PlanEnrollDate + term from creation on, also while Active "
                              "(D-ABS-27: \"\" or RFC 3339; ABS-81 only once expired)",
    "status-canceldate-received": "registrationstatus CancelDate is when the cancellation was received, not the "
                                  "posted CancelDate (ABS-62, ABS-83: set, RFC 3339)",
    "term-one-year": "the registration term is 365 days, not 1095 (D-ABS-27: no term documented)",
}

# Variants that another one overrides when both are on (the same answer, another choice): run apart.
SHADOWED: dict[str, str] = {"post-200-json-string": "post-200-plain-text",
                            "claims-newest-first": "claims-several-as-latest-object"}
