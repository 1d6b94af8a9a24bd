"""The abs steps, visible to the abs features only."""
from steps.abs import *  # noqa: F403 - pytest-bdd registers steps and fixtures by module name
