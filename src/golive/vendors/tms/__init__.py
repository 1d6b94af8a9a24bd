"""Transportial OTMS custom integration API (transportial-otms.txt)."""
from __future__ import annotations

from golive.types import ConfigKey, FuzzPlan, VendorSandboxLike, VendorSpec, VendorTarget
from golive.vendors.tms.faults import FAULTS, VARIANTS

WRITES = ("createIntegration", "generateCredentials", "importData", "postEmail", "uploadFile")


def _sandbox(*, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> VendorSandboxLike:
    from golive.vendors.tms.sandbox import TmsSandbox

    return TmsSandbox(faults=faults, secrets=secrets)


def _write_block(target: VendorTarget) -> str | None:
    from golive.vendors.tms.client import write_block

    return write_block(target)


def _fuzz_plan(target: VendorTarget) -> FuzzPlan:
    """The tenant's token on every request. Live on a test tenant, the lists' ``{id}`` is pinned to an
    integration the plan creates (a sandbox is reset before each fuzzed operation, so none would
    outlive it there); live elsewhere, the writes are left out (interface.md §9)."""
    from golive.vendors.tms.client import TmsClient, bearer, write_block
    from golive.vendors.tms.data import fuzz_integration

    client = TmsClient(target)
    plan = FuzzPlan(headers={"authorization": bearer(client.token)})
    if target.controllable:
        return plan
    if write_block(target):
        return FuzzPlan(headers=plan.headers, excluded_operations=WRITES)
    created = client.create(fuzz_integration(), write=True)
    try:
        pinned = {"id": str(created.json()["integration"]["id"])}
    except (ValueError, KeyError, TypeError):  # no integration to pin: the lists get generated ids
        pinned = {}
    return FuzzPlan(headers=plan.headers, path_parameters=pinned)


VENDOR = VendorSpec(
    name="tms",
    title="Transportial OTMS custom integration API",
    document="transportial-otms.txt",
    config_keys={
        "base_url": ConfigKey("url", required=True),
        "token_env": ConfigKey("env", required=True, credential="token"),
        "test_tenant": ConfigKey("bool"),
    },
    secret_credentials=("token",),
    sandbox=_sandbox,
    faults=FAULTS,
    variants=VARIANTS,
    fuzz_plan=_fuzz_plan,
    live_write_block=_write_block,
)
