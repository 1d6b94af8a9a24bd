"""The tms steps, visible to the tms features only."""
from steps.tms import *  # noqa: F403 - pytest-bdd registers steps and fixtures by module name
