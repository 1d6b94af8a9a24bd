"""The otto steps, visible to the otto features only."""
from steps.otto import *  # noqa: F403 - pytest-bdd registers steps and fixtures by module name
