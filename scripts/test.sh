#!/usr/bin/env bash
# Install adoptstats and every plugin under plugins/ into a fresh virtual environment,
# then run the whole test suite: ruff, mypy --strict, pytest (core and plugins, Hypothesis
# "ci" profile) and the Sphinx builds (HTML with -W, and the doctests), all offline.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${ADOPTSTATS_TEST_VENV:-.venv-test}"
python="${PYTHON:-python3}"

echo "== fresh virtual environment in $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
py="$venv/bin/python"

echo "== installing adoptstats and plugins (editable, with test extras)"
plugin_args=()
for dir in plugins/*/; do
  [ -f "$dir/pyproject.toml" ] && plugin_args+=(-e "$dir")
done
"$py" -m pip install --quiet --disable-pip-version-check -e ".[test,docs,bench]" "${plugin_args[@]}"

export ADOPTSTATS_HYPOTHESIS_PROFILE=ci
export ADOPTSTATS_DOCS_OFFLINE=1
export MPLBACKEND=Agg
# tests never use the user's cache or data folders
export ADOPTSTATS_CACHE_DIR="$(mktemp -d)"
export ADOPTSTATS_MANUAL_PATH="$(mktemp -d)"

echo "== ruff"
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .

echo "== mypy --strict"
mypy_targets=(src)
for dir in plugins/*/src; do mypy_targets+=("$dir"); done
"$venv/bin/mypy" "${mypy_targets[@]}"

echo "== pytest"
"$venv/bin/pytest" -q -p no:cacheprovider

echo "== sphinx (html, -W) and doctests"
rm -rf docs/_build
"$venv/bin/sphinx-build" -q -W --keep-going -b html docs docs/_build/html
"$venv/bin/sphinx-build" -q -W --keep-going -b doctest docs docs/_build/doctest

echo "== all checks passed"
