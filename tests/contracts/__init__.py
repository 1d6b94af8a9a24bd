"""The OpenAPI contract tests; `contracts.support` holds what they share."""
import pytest

pytest.register_assert_rewrite("contracts.support")  # its asserts explain a failure as the tests' own do
