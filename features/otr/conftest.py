from steps.otr import *  # noqa: F403
