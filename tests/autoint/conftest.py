"""Hypothesis settings: random exploration on a developer's machine, a fixed set of examples in CI.

A property test that finds a new failing example should do so where someone is
looking at it, not turn an unrelated CI run red; CI (CI=true) replays the same
derandomized examples every time.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
