"""What the OpenAPI contract tests share: a contract's document and example files, a referencing
Registry on it, validators for the subschema at a JSON pointer or for an operation's request body or
response, the case tables' `mutate` and DROP, the walks of the Spectral-style hygiene checks, and
schemathesis' reading of the contract.

Imported as ``contracts.support`` (tests/ is on sys.path; tests/contracts is a package)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[2]
DROP = object()  # marks a key to remove in a case table
JSON = "application/json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# schemathesis' checks of an answer against the contract (otto adds response_headers_conformance)
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------- formats ----
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def format_checker(base: FormatChecker = Draft202012Validator.FORMAT_CHECKER) -> FormatChecker:
    """jsonschema's checker, with `date` and `date-time` guaranteed.

    jsonschema only checks `date-time` when rfc3339-validator is importable; without
    it the format would be silently ignored, so a small RFC 3339 check stands in.
    """
    if {"date", "date-time"} <= set(base.checkers):
        return base
    checker = FormatChecker(formats=())
    checker.checkers = dict(base.checkers)

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _RFC3339.match(value):
            return False
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return False
        date.fromisoformat(value)
        return True

    return checker


FORMAT_CHECKER = format_checker()


# -------------------------------------------------------------- a contract ----
class Contract:
    """One OpenAPI contract (contracts/<name>.openapi.yaml) and its vendor's example files."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name.removesuffix(".openapi.yaml")
        self.uri = f"urn:golive:contracts:{self.name}"
        self.examples = ROOT / "src" / "golive" / "vendors" / self.name / "examples"  # packaged
        self.shared_examples = ROOT.parent / "shared" / "spec" / "examples" / self.name  # a checkout beside the repo

    @classmethod
    def named(cls, name: str) -> Contract:
        return cls(ROOT / "contracts" / f"{name}.openapi.yaml")

    def __repr__(self) -> str:
        return f"Contract({self.name})"

    def load(self) -> dict:
        return yaml.load(self.path.read_text(encoding="utf-8"), Loader=_LOADER)

    def example(self, name: str) -> Any:
        return json.loads((self.examples / name).read_text(encoding="utf-8"))

    def example_names(self, folder: Path | None = None) -> list[str]:
        """The sorted names of the packaged example files (or of those in `folder`)."""
        return sorted(p.name for p in (folder or self.examples).glob("*.json"))

    def registry(self, spec: dict) -> Registry:
        return Registry().with_resource(self.uri, DRAFT202012.create_resource(spec))

    def validator(self, registry: Registry, *segments: Any) -> Draft202012Validator:
        """A validator for the subschema at JSON pointer `segments` of the contract."""
        return Draft202012Validator({"$ref": f"{self.uri}#/{pointer(segments)}"}, registry=registry,
                                    format_checker=FORMAT_CHECKER)

    def located_validator(self, spec: dict, registry: Registry, *segments: Any) -> Draft202012Validator:
        """A validator for the subschema at `segments`, following every local $ref on the way."""
        return self.validator(registry, *locate(spec, *segments))

    def fixtures(self) -> tuple[Any, Any]:
        """The module-scoped `spec` and `registry` fixtures: ``spec, registry = TMS.fixtures()``."""

        @pytest.fixture(scope="module")
        def spec() -> dict:
            return self.load()

        @pytest.fixture(scope="module")
        def registry(spec: dict) -> Registry:
            return self.registry(spec)

        return spec, registry


def example_cases(targets: dict[str, list[tuple]]) -> list[tuple]:
    """(file name, *target) of every target of every example file, for a parametrised test."""
    return [(name, *target) for name, targets_of in sorted(targets.items()) for target in targets_of]


def schema_segments(method: str, path: str, where: str, media: str = JSON) -> tuple[str, ...]:
    """The segments of an operation's request body schema (`where` == "request") or of its response `where`'s."""
    if where == "request":
        return ("paths", path, method, "requestBody", "content", media, "schema")
    return ("paths", path, method, "responses", where, "content", media, "schema")


def assert_validity(validator: Draft202012Validator, instance: Any, expected: bool) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    if expected:
        assert not errors, errors
    else:
        assert errors, f"contract accepted an invalid instance: {json.dumps(instance)[:300]}"


def mutate(record: Any, changes: dict, *, envelope: str | None = None) -> Any:
    """A deep copy of `record` with top-level keys replaced (DROP: removed); with `envelope`, the keys
    `<envelope>.x` address the key x of record[envelope]."""
    out = copy.deepcopy(record)
    for key, value in changes.items():
        node, name = out, key
        if envelope is not None and key.startswith(f"{envelope}."):
            node, name = out[envelope], key[len(envelope) + 1:]
        if value is DROP:
            node.pop(name, None)
        else:
            node[name] = value
    return out


def js(value: Any) -> bytes:
    """`value` as a JSON body."""
    return json.dumps(value).encode()


# ------------------------------------------------------- pointers and $refs ----
def pointer(segments: Iterable[Any]) -> str:
    """The JSON pointer (RFC 6901, URI-encoded) of `segments`."""
    return "/".join(quote(str(s).replace("~", "~0").replace("/", "~1"), safe="") for s in segments)


def _unescape(ref: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")]


def deref(spec: dict, node: Any) -> Any:
    """`node`, or what its local $ref (and theirs) points at."""
    while isinstance(node, dict) and "$ref" in node:
        assert node["$ref"].startswith("#/"), node["$ref"]
        target = spec
        for part in _unescape(node["$ref"]):
            target = target[part]
        node = target
    return node


def locate(spec: dict, *segments: Any) -> list:
    """The JSON pointer segments of `segments`, following every local $ref on the way."""
    where: list = []
    node = spec
    for segment in segments:
        while isinstance(node, dict) and "$ref" in node and segment not in node:
            where = _unescape(node["$ref"])
            node = deref(spec, node)
        node = node[segment]
        where.append(segment)
    return where


# ------------------------------------------------------------- the walks ----
def walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every node of the document with its path, the document first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def keys(spec: dict) -> set:
    """Every key of every object in the document."""
    return {key for _, node in walk(spec) if isinstance(node, dict) for key in node}


def extensions(spec: dict) -> set:
    """The `x-` keys anywhere in the document (a plain OpenAPI document has none)."""
    return {k for k in keys(spec) if isinstance(k, str) and k.startswith("x-")}


def operations(spec: dict) -> Iterator[dict]:
    """Every operation object, of the paths and then of the webhooks."""
    for section in ("paths", "webhooks"):
        for item in spec.get(section, {}).values():
            yield from (op for method, op in item.items() if method in HTTP_METHODS)


def operation_ids(spec: dict) -> dict[str, tuple[str, str]]:
    """operationId -> (method, path) of every operation under `paths`."""
    return {op["operationId"]: (method, path) for path, item in spec["paths"].items()
            for method, op in item.items() if isinstance(op, dict) and "operationId" in op}


def assert_described_and_tagged(spec: dict, op: dict) -> None:
    """An operation has a summary, a description that says more, and tags the document defines."""
    assert op["summary"] and op["description"]
    assert op["description"].strip() != op["summary"].strip()
    assert op["tags"] and set(op["tags"]) <= {t["name"] for t in spec["tags"]}


def described_responses(spec: dict, op: dict, codes: set[str]) -> dict[str, dict]:
    """`op`'s responses, dereferenced, once they are exactly `codes` (401 and 429 among them, as every
    vendor may answer them) and each is described."""
    responses = {code: deref(spec, response) for code, response in op["responses"].items()}
    assert set(responses) == codes
    assert {"401", "429"} <= set(responses)
    for code, response in responses.items():
        assert response.get("description"), code
    return responses


def undescribed(spec: dict, *kinds: str) -> list[str]:
    """The components of `kinds` (all kinds when none is named) without a description."""
    components = spec["components"]
    return [f"{kind}/{name}" for kind in kinds or components
            for name, component in components[kind].items() if not component.get("description")]


# ------------------------------------------------------------ schemathesis ----
def schemathesis_labels(st_schema: Any) -> list[str]:
    """The "METHOD /path" of every operation schemathesis reads in the contract, sorted; each read without error."""
    results = list(st_schema.get_all_operations())
    assert all(isinstance(r, Ok) for r in results), [r.err() for r in results if not isinstance(r, Ok)]
    return sorted(r.ok().label for r in results)


def labels(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The sorted schemathesis labels of (method, path) pairs."""
    return sorted(f"{method.upper()} {path}" for method, path in pairs)


def judged(accepted: bool) -> AbstractContextManager[Any]:
    """Around schemathesis' checks of an answer: nothing when it is `accepted`, else its FailureGroup."""
    return nullcontext() if accepted else pytest.raises(FailureGroup)
