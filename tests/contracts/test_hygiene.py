"""What every OpenAPI contract under contracts/ keeps alike: it is valid OpenAPI 3.1 and, for the
contracts written to them, the `spectral:oas` rules a plain validator does not cover (every array
has items, every $ref resolves, no unused component, every tag used and described, plain OpenAPI);
and their packaged examples are the shared spec's. Each vendor's own file checks the rest."""

from __future__ import annotations

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from contracts.support import Contract, deref, extensions, operations, undescribed, walk

ABS, OTR, OTTO, TMS = (Contract.named(name) for name in ("abs", "otr", "otto", "tms"))
SPECTRAL = (ABS, OTR, OTTO, TMS)  # written to the spectral:oas rules (make lint-contracts runs Spectral itself)


def over(*contracts: Contract) -> pytest.MarkDecorator:
    """Parametrise a test's `spec` over the documents of `contracts`."""
    return pytest.mark.parametrize("spec", contracts, indirect=True, ids=[c.name for c in contracts])


@pytest.fixture(scope="module")
def spec(request: pytest.FixtureRequest) -> dict:
    return request.param.load()


@over(ABS, OTR, OTTO, TMS)
def test_contract_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec, cls=OpenAPIV31SpecValidator)


# ------------------------------------------------------------ structural hygiene ----
@over(*SPECTRAL)
def test_every_array_schema_has_items(spec):
    missing = [
        path for path, node in walk(spec)
        if isinstance(node, dict) and "items" not in node
        and (node.get("type") == "array" or (isinstance(node.get("type"), list) and "array" in node["type"]))
    ]
    assert not missing


@over(*SPECTRAL)
def test_every_ref_resolves_and_every_component_is_used(spec):
    refs = {node["$ref"] for _, node in walk(spec) if isinstance(node, dict) and "$ref" in node}
    for ref in refs:
        deref(spec, {"$ref": ref})
    requirements = [*spec.get("security", []), *(r for op in operations(spec) for r in op.get("security", []))]
    schemes = {name for requirement in requirements for name in requirement}
    for kind, names in spec["components"].items():
        for name in names:
            if kind == "securitySchemes":
                assert name in schemes, f"unused security scheme {name}"
            else:
                assert f"#/components/{kind}/{name}" in refs, f"unused component {kind}/{name}"


@over(*SPECTRAL)
def test_every_defined_tag_is_used_and_described(spec):
    used = {t for op in operations(spec) for t in op.get("tags", [])}
    assert {t["name"] for t in spec["tags"]} == used
    assert all(t.get("description") for t in spec["tags"])


@over(OTR, TMS)  # otto's: no enum at all (D-OTTO-15), in its own file
def test_every_component_is_described_and_enums_are_typed(spec):
    assert not undescribed(spec)
    for path, node in walk(spec):
        if isinstance(node, dict) and isinstance(node.get("enum"), list):
            assert node.get("type") == "string" and all(isinstance(v, str) for v in node["enum"]), path


@over(OTR, TMS)  # abs's and otto's join another check, in their own files
def test_plain_openapi(spec):
    assert not extensions(spec)


# ------------------------------------------------------------- the examples (P1) ----
@pytest.mark.parametrize("contract", [
    pytest.param(c, id=c.name, marks=pytest.mark.skipif(not c.shared_examples.is_dir(),
                                                         reason="no shared spec checkout beside the repo"))
    for c in SPECTRAL])
def test_packaged_examples_equal_the_shared_ones(contract):
    """The packaged examples are copies of shared/spec's (each file's test_all_examples_are_covered
    pins the packaged set to the examples it validates)."""
    shared = contract.example_names(contract.shared_examples)
    assert shared == contract.example_names()
    for name in shared:
        assert (contract.examples / name).read_bytes() == (contract.shared_examples / name).read_bytes(), name
