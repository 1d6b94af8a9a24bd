"""Deliberate deviations of the embedded Otto sandbox from otto.md (test-only).

FAULTS: each one breaks documented behaviour; a certification run against a sandbox
with it on must show ``result`` on a check carrying one of ``caught_by`` — FAILED for a
stated or example item or one on the override list (OTTO-01, -02, -03, -17, -24), WARNING
for an implied one (behaviours.md, severity rules).

VARIANTS: each one makes another choice than otto.md where ``behaviours.md`` explicitly
allows it (the D-/OTTO- item is cited); a run with any or all of them on must stay READY
with no FAILED and no WARNING. SHADOWED: a variant that another one overrides when both are
on (variant -> the one overriding it), so it gets a run of its own.

Both are switched on the same way and checked by the sandbox with ``self.fault(name)``.
"""
from __future__ import annotations

from golive.types import Fault

F, W = "FAILED", "WARNING"

FAULTS: dict[str, Fault] = {
    # Authentication
    "health-without-key": Fault("GET health answers 200 without an API key", ("OTTO-10", "OTTO-01"), F),
    "unknown-key-accepted": Fault("any Bearer token is accepted as an API key", ("OTTO-02",), F),
    "other-schemes-accepted": Fault("a valid key is accepted raw, with another scheme (Token, Basic) or in "
                                    "X-API-Key", ("OTTO-03",), F),
    # Health and format
    "health-endpoints-relative": Fault("health's endpoints map gives /customers/sync ... without "
                                       "/api/v1/integrations", ("OTTO-09",), F),
    "timestamps-local-offset": Fault("every timestamp is at a -05:00 offset instead of UTC",
                                     ("OTTO-08", "OTTO-14", "OTTO-28"), F),
    "id-prefixes-missing": Fault("ids are bare numbers without otto_, otto_vehicle_, otto_lead_, webhook_ "
                                 "(D-OTTO-13: prefixes are warnings only)", ("OTTO-13", "OTTO-21", "OTTO-28",
                                                                             "OTTO-33"), W),
    "error-envelope-without-success": Fault("error bodies are {\"error\": ...} without success: false",
                                            ("OTTO-47", "OTTO-16"), F),
    # Customers and vehicles
    "sync-duplicates": Fault("re-syncing an externalId creates a second record with a new id",
                             ("OTTO-17", "OTTO-24"), F),
    "missing-external-id-accepted": Fault("a customer or vehicle sync without externalId is accepted",
                                          ("OTTO-18",), W),
    "types-not-checked": Fault("customer and vehicle fields of the wrong JSON type are accepted and echoed",
                               ("OTTO-16", "OTTO-23"), W),
    "year-read-back-as-string": Fault("a vehicle's data.year comes back as a JSON string", ("OTTO-20",), F),
    # Leads and calls
    "lead-status-open": Fault("a new lead's status is \"open\", not \"new\"", ("OTTO-26",), F),
    "unknown-customer-accepted": Fault("leads and calls naming a customerId no sync returned are created",
                                       ("OTTO-27",), W),
    "server-error-on-calls": Fault("calls/log answers 500", ("OTTO-29",), F),
    # Webhooks
    "secret-echoed": Fault("the registration response echoes the secret", ("OTTO-34",), F),
    "webhook-secret-optional": Fault("a registration without secret is accepted (deliveries signed with "
                                     "an empty key)", ("OTTO-35",), W),
    "unknown-event-accepted": Fault("registration accepts event names that webhooks/events does not list",
                                    ("OTTO-38",), W),
    "signature-over-reserialised-json": Fault("the signature is over re-serialised JSON (sorted keys, spaces), "
                                              "not the raw body sent", ("OTTO-39",), F),
    "signature-wrong-secret": Fault("the signature is keyed with the webhook id, not its secret",
                                    ("OTTO-39",), F),
    "unsubscribed-events-delivered": Fault("every event goes to every registration, subscribed or not",
                                           ("OTTO-40",), F),
    "call-started-without-phone": Fault("call.started deliveries lack phoneNumber", ("OTTO-41",), F),
    "duration-as-string-in-delivery": Fault("call.completed deliveries carry duration as a string",
                                            ("OTTO-42",), F),
    # Rate limit
    "rate-limit-101-passes": Fault("the limit is off by one: the 101st request within 15 minutes is served",
                                   ("OTTO-43",), F),
    "rate-limit-100th-refused": Fault("the limit is off by one: the 100th request is refused with 429",
                                      ("OTTO-44",), F),
    "no-rate-limit": Fault("there is no rate limit", ("OTTO-43",), F),
    "rate-limit-shared-by-keys": Fault("one window is shared by all API keys", ("OTTO-45",), F),
    "rate-limit-never-resets": Fault("a key once refused is never served again, window or not", ("OTTO-46",), F),
    "retry-after-dishonest": Fault("Retry-After is a tenth of the real wait (D-OTTO-06: a dishonest value is "
                                   "a WARNING)", ("OTTO-46", "OTTO-43"), W),
    "rate-limit-403": Fault("the 101st request is refused with 403, not 429", ("OTTO-43",), F),
}

VARIANTS: dict[str, str] = {
    # Paths, status codes, error bodies
    "base-v1-integrations": "endpoints are served under {base}/v1/integrations (the document's base URL), not "
                            "/api/v1/integrations; health's map is unchanged (D-OTTO-01: both servers probed; "
                            "OTTO-09 compares strings)",
    "created-201": "every successful POST answers 201, not 200 (D-OTTO-07: 200 or 201)",
    "validation-422": "validation failures answer 422, not 400 (D-OTTO-08: 400 or 422)",
    "unknown-customer-422": "a customerId no sync returned answers 422, not 404 (D-OTTO-08, OTTO-27: 400, 404 "
                            "or 422)",
    "non-json-415": "a body that is not JSON answers 415, not 400 (D-OTTO-08, OTTO-48: 400 or 415)",
    # Rate limit
    "fixed-rate-window": "the 15-minute window is fixed, starting at its first request, not rolling "
                         "(D-OTTO-06: the window type is not asserted)",
    "no-retry-after": "a 429 carries no Retry-After (D-OTTO-06: optional; a missing one is not judged)",
    # Response values
    "uuid-ids": "ids are the prefix and 32 hex digits, not epoch milliseconds (D-OTTO-13: ids are non-empty "
                "strings; the digits are placeholders)",
    "whole-second-timestamps": "timestamps have whole seconds, no milliseconds (D-OTTO-18, D-X-01: fractional "
                               "seconds optional)",
    "absent-as-empty-string": "a documented string key the request did not supply reads back \"\", not null "
                              "(D-OTTO-12: documented keys required, null allowed, not required)",
    # Webhooks
    "documented-events-only": "webhooks/events lists only call.started and call.completed, and registering "
                              "another event is refused (D-OTTO-03: the catalogue is the source of truth)",
    "signature-no-prefix": "the signature has no sha256= prefix (D-OTTO-02: the prefix is optional)",
    "signature-base64": "the signature is base64, not hex (D-OTTO-02: hex or base64)",
    "signature-header-name": "the signature is in X-Webhook-Signature, not X-Otto-Signature (D-OTTO-02: any "
                             "header whose name contains \"signature\")",
    "no-event-header": "deliveries carry no X-Otto-Event header (D-OTTO-04: the body names the event)",
    "delivery-event-as-type": "deliveries name the event in \"type\", not \"event\" (D-OTTO-04)",
    "delivery-payload-key": "deliveries carry the payload under \"payload\", not \"data\" (D-OTTO-04)",
    "delivery-flat": "deliveries carry the payload keys at the top level beside the event name (D-OTTO-04)",
}

SHADOWED: dict[str, str] = {"delivery-payload-key": "delivery-flat"}
