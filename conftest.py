"""Test configuration shared by the core and plugin test suites.

Hypothesis profiles: ``dev`` (fast, random, the default) and ``ci`` (more examples, derandomised), chosen by the
``ADOPTSTATS_HYPOTHESIS_PROFILE`` environment variable, which the test command sets to ``ci``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    # CI must give the same verdict on the same commit; the dev profile keeps exploring new examples
    derandomize=True,
)
settings.load_profile(os.environ.get("ADOPTSTATS_HYPOTHESIS_PROFILE", "dev"))
