"""Deliberate deviations of the embedded OTMS sandbox from tms.md (test-only).

FAULTS: each one breaks a behaviour of ``behaviours.md`` (TMS section); ``caught_by`` names
the items whose checks must catch it and ``result`` how firmly, as the catalogue grades
them (stated/example: FAILED; implied: WARNING unless overridden, TMS-01, TMS-02 and
TMS-14; any 5xx: FAILED).

VARIANTS: each one makes another choice than tms.md where the catalogue allows it (the
item is cited), so a run against a sandbox with any or all of them must stay READY with
no FAILED and no WARNING.

Both are switched on the same way and checked by the sandbox with ``self.fault(name)``.
"""
from __future__ import annotations

from golive.types import Fault

FAULTS: dict[str, Fault] = {
    # A. Authentication
    "missing-token-accepted": Fault("a call without an Authorization header is served as the tenant's",
                                    ("TMS-01",)),
    "invalid-token-accepted": Fault("any non-empty bearer token is accepted", ("TMS-02",)),
    # B. Create
    "create-echoes-enabled-true": Fault("the create response says enabled true whatever was sent", ("TMS-04",)),
    # C. Credentials
    "credentials-not-regenerated": Fault("generating credentials again returns the same pair", ("TMS-08",)),
    "credentials-reach-other-integration": Fault(
        "an integration's generated credentials also read every other integration's lists", ("TMS-10",)),
    # D. Mapping test
    "mapping-result-wrong-key": Fault("mapping results are keyed by the JSONPath instead of the mapping key",
                                      ("TMS-11", "TMS-44")),
    "nested-paths-unresolved": Fault("a JSONPath of more than two segments ($.transportOrder.customer.name) "
                                     "gives null", ("TMS-12", "TMS-11")),
    "values-stringified": Fault("mapped numbers, booleans, objects and arrays come back as JSON text",
                                ("TMS-13",), "WARNING"),
    "mapping-test-side-effects": Fault("mapping:test writes a log line into every integration's logs",
                                       ("TMS-14",)),
    # F. Monitoring
    "paging-ignores-offset": Fault("every page starts at the first item, whatever the offset", ("TMS-26",)),
    "paging-page-size": Fault("the path is read as page/size: /1/2 starts at index 2", ("TMS-26",)),
    "page-one-extra-item": Fault("a page holds limit + 1 items", ("TMS-26",)),
    "limit-over-50-refused": Fault("limits above 50 (inside the 1-100 the suite tests) answer 400", ("TMS-26",)),
    "bad-paging-500": Fault("an offset or limit the lists refuse (non-integer, negative, ...) answers 500",
                             ("TMS-28",)),
    "unknown-integration-empty-list": Fault("an unknown integration UUID lists nothing with 200, not 404",
                                            ("TMS-29",), "WARNING"),
    "logs-oldest-first": Fault("logs are listed oldest first (strictly increasing across ticks)", ("TMS-30",)),
    "lists-success-false": Fault("the four list envelopes carry success false on a 200", ("TMS-45", "TMS-21")),
    # G. Processing
    "lowercase-status": Fault("object statuses are written in lower case (queue, success, ...)", ("TMS-22",)),
    "scheduler-every-third-tick": Fault("the scheduler runs every 30 s: an object waits three ticks in QUEUE",
                                        ("TMS-32",)),
    "filter-ignored": Fault("integration filters are not checked: every order is queued and sent",
                            ("TMS-33",)),
    "payload-unmapped": Fault("the target receives the whole document, not the mapped result", ("TMS-34",)),
    "no-request-logs": Fault("target calls leave no request log", ("TMS-35", "TMS-36")),
    "no-automatic-retry": Fault("RETRY objects are never tried again", ("TMS-36",)),
    "never-success-after-outage": Fault("an object that failed once stays RETRY (then ERROR) even when the "
                                        "target answers 2xx again", ("TMS-36",)),
    "no-failure-log": Fault("failed calls leave no log entry", ("TMS-37",)),
    "client-error-retried": Fault("a 4xx (not 429) from the target is retried like a 5xx (D-TMS-05: a "
                                  "retried permanent failure warns)", ("TMS-37",), "WARNING"),
    "disabled-integration-processed": Fault("an integration created with enabled false queues and sends "
                                            "orders", ("TMS-38",), "WARNING"),
    # H. E-mail and file
    "email-from-not-validated": Fault("an e-mail whose from is not an e-mail address is accepted",
                                      ("TMS-40",), "WARNING"),
    "upload-rejects-edi": Fault("an EDI template upload is refused with 400", ("TMS-43",)),
}

VARIANTS: dict[str, str] = {
    # Auth and credentials
    "other-integration-401": "generated credentials on another integration's lists answer 401, not 403 "
                             "(TMS-10: 401 or 403)",
    "credentials-revoke-old": "regenerating credentials revokes the earlier pair (D-TMS-01: invalidation is "
                              "recorded, not asserted)",
    # Status codes
    "created-201": "create, generate/credentials, import, e-mail and upload answer 201 (D-TMS-15: 200 or 201)",
    "validation-422": "field validation of create, mapping:test and import answers 422 (D-TMS-15: 400 or 422; "
                      "TMS-06, TMS-15, TMS-17, TMS-20)",
    "body-unknown-id-400": "an unknown integrationId in a body answers 400, not 404 (TMS-09: 400 or 404; "
                           "TMS-20: 4xx)",
    "bad-path-id-400": "a path id that is not a UUID answers 400, not 404 (D-TMS-16: 400 or 404)",
    "upload-non-multipart-415": "an upload that is not multipart/form-data answers 415 (TMS-42: 400 or 415)",
    "email-body-required": "an e-mail without body answers 400 (D-TMS-13: from, subject and body are required "
                           "strings)",
    "encoded-colon-404": "mapping%3Atest is not routed (D-TMS-09: %3A is recorded, not asserted)",
    # Shapes
    "uuid-v7-ids": "ids are time-ordered UUIDv7 (D-TMS-16: format uuid, no version)",
    "timestamps-fractional": "timestamps carry milliseconds (D-X-01: fractional seconds optional)",
    "timestamps-plus-zero": "timestamps end in +00:00 instead of Z (D-X-01: Z or +00:00)",
    "create-echoes-description": "the create response also echoes description (D-TMS-18: not required in "
                                 "the response)",
    "mapping-result-under-data": "mapping:test puts the result under data, not result (D-TMS-02: top level, "
                                 "result, data or output)",
    "no-match-key-omitted": "a JSONPath matching nothing leaves its key out instead of null (TMS-16, D-TMS-11)",
    "several-matches-first": "a JSONPath with several matches gives the first (D-TMS-11: several matches not "
                             "asserted)",
    "lists-bare-array": "the four lists answer a bare JSON array (D-TMS-02: a bare array or an object "
                        "wrapping one)",
    # Paging and order
    "limits-over-100-served": "limits above 100 are served (D-TMS-03: larger limits not asserted)",
    "limit-zero-empty": "limit 0 gives an empty page, not 400 (D-TMS-03: empty list or 400)",
    "objects-newest-first": "objects are listed newest first (TMS-21, TMS-26: no order asserted for objects)",
    "log-ties-oldest-first": "log lines with the same timestamp are listed oldest first (TMS-30, D-TMS-17: "
                             "timestamps must not increase; ties are free)",
    "request-logs-and-tasks-oldest-first": "requestLogs and tasks are listed oldest first (D-TMS-17 and TMS-30 "
                                           "order the logs list only)",
    # Processing
    "attempt-limit-4": "a transient failure gives ERROR after 4 attempts, not 5 (D-TMS-05: count not asserted; "
                       "TMS-36: the simulated outage spans at most 3 ticks)",
}
