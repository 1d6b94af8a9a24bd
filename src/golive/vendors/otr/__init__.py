"""OTR Solutions onboarding and authentication API (otr-solutions.txt)."""
from __future__ import annotations

from golive.types import ConfigKey, FuzzPlan, VendorSandboxLike, VendorSpec, VendorTarget
from golive.vendors.otr.faults import FAULTS, SHADOWED, VARIANTS


def _sandbox(*, faults: frozenset[str] = frozenset(), secrets: dict[str, str] | None = None) -> VendorSandboxLike:
    from golive.vendors.otr.sandbox import OtrSandbox

    return OtrSandbox(faults=faults, secrets=secrets)


def _check_paths(table: dict[str, object]) -> str | None:
    """``[vendors.otr.paths]``: known operationIds (interface.md §4), each mapped to a path."""
    from golive.vendors.otr.client import OPERATIONS

    for operation, path in table.items():
        if operation not in OPERATIONS:
            return f"{operation}: unknown operation (known: {', '.join(OPERATIONS)})"
        if not isinstance(path, str) or not path.startswith("/"):
            return f"{operation}: must be a path starting with /, got {path!r}"
    return None


def _fuzz_plan(target: VendorTarget) -> FuzzPlan:
    """The key on every request and ``isTest=true`` wherever it is taken (D-OTR-05). Live, the token
    endpoint is left out (no fuzz case may lock the configured user, OTR-09), and account creation
    and verification e-mails too unless ``--include-destructive`` (interface.md §9)."""
    from golive.vendors.otr.client import KEY_HEADER, OtrClient, bearer

    client = OtrClient(target)
    headers = {KEY_HEADER: client.key}
    excluded: tuple[str, ...] = ()
    if not target.controllable:  # the sandbox is reset before each fuzzed operation: a token would not outlive it
        response = client.login()
        if response.status_code == 200:
            headers["authorization"] = bearer(str(response.json().get("access_token")))
        excluded = ("postToken",) + (() if target.include_destructive else ("postAccount", "postProspectVerification"))
    return FuzzPlan(headers=headers, query_parameters={"isTest": "true"}, excluded_operations=excluded)


VENDOR = VendorSpec(
    name="otr",
    title="OTR Solutions onboarding and authentication API",
    document="otr-solutions.txt",
    config_keys={
        "base_url": ConfigKey("url", required=True),
        "subscription_key_env": ConfigKey("env", required=True, credential="subscription_key"),
        "username_env": ConfigKey("env", required=True, credential="username"),
        "password_env": ConfigKey("env", required=True, credential="password"),
        "known_dot": ConfigKey("text", required=True, credential="known_dot"),
        "known_mc": ConfigKey("text", credential="known_mc"),
        "cab_id": ConfigKey("text"),
        "paths": ConfigKey("table", check=_check_paths),
    },
    secret_credentials=("subscription_key", "username", "password"),
    sandbox=_sandbox,
    faults=FAULTS,
    variants=VARIANTS,
    shadowed_variants=SHADOWED,
    fuzz_plan=_fuzz_plan,
    operation_paths=lambda target: dict(target.settings.get("paths") or {}),  # reach the fuzzed contract, coverage
)
