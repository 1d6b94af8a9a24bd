"""ABS tire-warranty partner API (abs-warranty.txt)."""
from __future__ import annotations

from golive.types import ConfigKey, FuzzPlan, VendorSandboxLike, VendorSpec, VendorTarget
from golive.vendors.abs.faults import FAULTS, SHADOWED, VARIANTS


def _sandbox(*, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> VendorSandboxLike:
    from golive.vendors.abs.sandbox import AbsSandbox

    return AbsSandbox(faults=faults, secrets=secrets)


def _fuzz_plan(target: VendorTarget) -> FuzzPlan:
    from golive.vendors.abs.client import AbsClient

    client = AbsClient(target)
    return FuzzPlan(
        headers={"authorization": f"Bearer {client.token()}"},
        path_parameters={"company": client.test_company},  # live fuzzing only touches {company}_test
        query_parameters={"partnerid": client.partner_id},  # D-ABS-31: a GET's partnerid, when sent, is the token's
    )


VENDOR = VendorSpec(
    name="abs",
    title="ABS tire-warranty partner API",
    document="abs-warranty.txt",
    config_keys={
        "base_url": ConfigKey("url", required=True),
        "company": ConfigKey("text", required=True, credential="company"),
        "partner_id": ConfigKey("text", required=True, credential="partner_id"),
        "secret_env": ConfigKey("env", required=True, credential="secret"),
    },
    secret_credentials=("secret", "other_secret"),
    sandbox=_sandbox,
    faults=FAULTS,
    variants=VARIANTS,
    shadowed_variants=SHADOWED,
    fuzz_plan=_fuzz_plan,
)
