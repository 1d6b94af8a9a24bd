"""Otto AI CRM/DMS integration API (otto-ai.txt)."""
from __future__ import annotations

from golive.types import ConfigKey, FuzzPlan, VendorSandboxLike, VendorSpec, VendorTarget
from golive.vendors.otto.faults import FAULTS, SHADOWED, VARIANTS

NO_TEST_MODE = ("otto documents no test mode: its writes run live only with [vendors.otto] test_tenant = true "
                "(a dedicated test dealership's key; interface.md §9, D-OTTO-16)")


def _sandbox(*, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> VendorSandboxLike:
    from golive.vendors.otto.sandbox import OttoSandbox

    return OttoSandbox(faults=faults, secrets=secrets)


def _live_write_block(target: VendorTarget) -> str | None:
    return None if target.settings.get("test_tenant") is True else NO_TEST_MODE


def _fuzz_plan(target: VendorTarget) -> FuzzPlan:
    """The key on every request, the pinned server (D-OTTO-01). Live: no registration ever (a fuzzed URL is none
    we own and cannot be deleted, D-OTTO-16), and no write without a test tenant."""
    from golive.vendors.otto.client import OPERATION_IDS, WRITES, OttoClient, bearer

    client = OttoClient(target)
    excluded: tuple[str, ...] = ()
    if not target.controllable:
        writes = WRITES if _live_write_block(target) else ("webhooks/register",)
        excluded = tuple(OPERATION_IDS[name] for name in writes)
    return FuzzPlan(headers={"authorization": bearer(client.key)}, base_path=client.prefix,
                    excluded_operations=excluded)


VENDOR = VendorSpec(
    name="otto",
    title="Otto AI CRM/DMS integration API",
    document="otto-ai.txt",
    config_keys={
        "base_url": ConfigKey("url", required=True),
        "api_key_env": ConfigKey("env", required=True, credential="api_key"),
        "webhook_url": ConfigKey("url"),
        "test_tenant": ConfigKey("bool"),
    },
    secret_credentials=("api_key", "second_api_key"),
    sandbox=_sandbox,
    faults=FAULTS,
    variants=VARIANTS,
    shadowed_variants=SHADOWED,
    fuzz_plan=_fuzz_plan,
    live_write_block=_live_write_block,
    live_rates=((6, 60.0), (100, 900.0)),  # D-X-02: at most 6 a minute; "100 requests per 15 minutes"
)
