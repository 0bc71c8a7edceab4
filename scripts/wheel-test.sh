#!/usr/bin/env bash
# The package as users get it: build the wheel, install it NON-editable into a fresh venv and
# run the server, dashboard and docs tests against that install. The editable install in .venv
# reads everything from src/, so it cannot notice a file the wheel leaves out (it once shipped
# without the dashboard's static files and the server broke).
#
#   bash scripts/wheel-test.sh [pytest args]      (scripts/test runs it after the main suite)
#
# To stay fast, the fresh venv does not reinstall the dependencies: a .pth line puts .venv's
# site-packages after its own. Site-packages reached that way is a plain path, so its .pth
# files (among them the editable install's pointer to src/) are not processed. The script fails
# if the wheel misses a file of src/personify, if `personify` is not imported from the fresh
# venv, or if any test fails. Environment: PERSONIFY_VENV (default ./.venv), as in bootstrap.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PERSONIFY_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/personify-wheel.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
log() { echo "wheel-test.sh: $*" >&2; }
start=$SECONDS

# 1. The wheel, built from the files a clone has (tracked, or new and not ignored): a stale
#    egg-info or build/ in this checkout cannot add what a fresh clone would lack.
mkdir -p "$WORK/tree" "$WORK/dist"
cp "$ROOT/pyproject.toml" "$ROOT/README.md" "$WORK/tree/"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard -- src \
  | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$WORK/tree"
"$PY" -m pip wheel --quiet --no-deps --disable-pip-version-check -w "$WORK/dist" "$WORK/tree" \
  </dev/null >&2
WHEEL="$(ls "$WORK"/dist/personify-*.whl)"
log "built $(basename "$WHEEL") in $((SECONDS - start)) s"

# 2. Every file of the package (code and data) is in the wheel.
"$PY" - "$WHEEL" "$WORK/tree/src" <<'EOF'
import sys
import zipfile
from pathlib import Path

wheel, src = sys.argv[1], Path(sys.argv[2])
shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("personify/")}
wanted = {
    p.relative_to(src).as_posix()
    for p in (src / "personify").rglob("*")
    if p.is_file() and "__pycache__" not in p.parts
}
for data in ("server/static/dashboard.html", "demo/conversation.jsonl", "eval/suite/README.md"):
    assert f"personify/{data}" in wanted, f"the check itself is stale: no src/personify/{data}"
missing = sorted(wanted - shipped)
if missing:
    sys.exit(f"wheel-test.sh: the wheel lacks {len(missing)} file(s): {', '.join(missing)}")
print(f"wheel-test.sh: the wheel has all {len(wanted)} files of src/personify", file=sys.stderr)
EOF

# 3. A fresh venv with the wheel installed normally, borrowing .venv's dependencies.
"$PY" -m venv --without-pip "$WORK/venv"
FRESH="$WORK/venv/bin/python"
"$PY" -m pip --python "$FRESH" install --quiet --no-deps --no-index --disable-pip-version-check \
  "$WHEEL" </dev/null >&2
fresh_site="$("$FRESH" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
deps_site="$("$PY" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
echo "$deps_site" > "$fresh_site/personify-wheel-test-deps.pth"
"$WORK/venv/bin/personify" --help >/dev/null  # the console script the wheel declares
log "installed into $WORK/venv ($((SECONDS - start)) s so far)"

# 4. The tests, run by the fresh interpreter from the repo root (tests/ and its conftest load;
#    src/ is on no path), checking before and after that every personify module is the wheel's.
cd "$ROOT"
"$FRESH" - "$fresh_site" "$ROOT/src" "$@" <<'EOF'
import sys
from pathlib import Path

site, src, args = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3:]
sys.path[0] = ""  # as `python -m pytest`: the repo root, for `tests.*`


def check() -> int:
    assert all(Path(p or ".").resolve() != src for p in sys.path), f"{src} is on sys.path"
    mods = {n: m for n, m in sys.modules.items() if n == "personify" or n.startswith("personify.")}
    wrong = {n: getattr(m, "__file__", None) for n, m in mods.items()}
    wrong = {n: f for n, f in wrong.items() if f and not Path(f).resolve().is_relative_to(site)}
    assert mods and not wrong, f"personify modules not from the installed wheel: {wrong}"
    return len(mods)


import personify  # noqa: E402
import pytest  # noqa: E402

check()
print(f"wheel-test.sh: testing personify from {personify.__file__}", file=sys.stderr)
code = pytest.main(
    [
        "-p", "no:cacheprovider",
        "--import-mode=importlib",
        "tests/server/test_api.py",
        "tests/server/test_dashboard.py",
        "tests/server/test_docs.py",
        *args,
    ]
)
print(f"wheel-test.sh: all {check()} personify modules the tests used came from the wheel",
      file=sys.stderr)
sys.exit(code)
EOF
log "done in $((SECONDS - start)) s"
