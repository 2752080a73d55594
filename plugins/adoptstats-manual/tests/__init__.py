"""Tests of the adoptstats-manual plugin."""
