"""The otr steps, visible to the otr features only."""
from steps.otr import *  # noqa: F403 - pytest-bdd registers steps and fixtures by module name
