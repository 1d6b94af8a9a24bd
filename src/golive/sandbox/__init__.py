"""Embedded vendor sandboxes: faithful local implementations of the pinned vendor APIs."""
from golive.sandbox.base import VendorSandbox
from golive.sandbox.clock import VendorClock
from golive.sandbox.server import SandboxServer

__all__ = ["SandboxServer", "VendorClock", "VendorSandbox"]
