"""Test configuration shared by the core and plugin test suites.

Hypothesis profiles: ``dev`` (fast, the default) and ``ci`` (more examples), chosen by the
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
)
settings.load_profile(os.environ.get("ADOPTSTATS_HYPOTHESIS_PROFILE", "dev"))
