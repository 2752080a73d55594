#!/usr/bin/env bash
# Install adoptstats with its Regus plugin into .venv and run the headline comparison,
# offline, from the figures bundled with the plugin: Belgium-Luxembourg against the other
# countries and the world, Regus survey 2010.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${ADOPTSTATS_VENV:-.venv}"
python="${PYTHON:-python3}"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
plugin_args=()
for dir in plugins/*/; do
  [ -f "$dir/pyproject.toml" ] && plugin_args+=(-e "$dir")
done
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e . "${plugin_args[@]}"

"$venv/bin/adoptstats" compare social_media.customer_acquisition --source regus --focus Belux --period 2010 "$@"
