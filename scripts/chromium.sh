#!/usr/bin/env bash
# Headless Chromium (from Debian) + Playwright for Python, for the dashboard's browser test.
#
#   bash scripts/chromium.sh
#
# Idempotent: apt-get runs only when /usr/bin/chromium is missing, pip only when playwright is
# not importable (and only into a virtualenv, never into Debian's externally managed python3). Playwright drives the system Chromium (executable_path=/usr/bin/chromium), so
# `playwright install` (which downloads its own browsers) is never run. Environment:
#   PYTHON   interpreter whose environment gets playwright (default: active venv, else ./.venv,
#            else python3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROMIUM=/usr/bin/chromium
log() { echo "chromium.sh: $*" >&2; }

if [ -n "${PYTHON:-}" ]; then PY="$PYTHON"
elif [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then PY="$VIRTUAL_ENV/bin/python"
elif [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"
else PY=python3
fi

if [ ! -x "$CHROMIUM" ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "not root and no sudo: install chromium by hand"; exit 1; }
    SUDO=sudo
  fi
  log "installing chromium with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >&2
fi

if "$PY" -c "import playwright.sync_api" 2>/dev/null; then
  :
elif "$PY" -c "import sys; sys.exit(sys.prefix == sys.base_prefix)"; then
  log "installing playwright into $("$PY" -c 'import sys; print(sys.prefix)')"
  "$PY" -m pip install --quiet --disable-pip-version-check "playwright>=1.40" </dev/null >&2
else
  # Debian's own python3 is externally managed (PEP 668): never pip into it.
  log "no virtualenv found ($PY): skipping playwright; scripts/test installs it with [dev]"
fi

"$CHROMIUM" --version 2>/dev/null  # the Debian wrapper may warn about /dev/shm; harmless
"$PY" -c "from importlib.metadata import version; print('playwright', version('playwright'))" \
  2>/dev/null || echo "playwright not installed in $PY"
