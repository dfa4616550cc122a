#!/usr/bin/env bash
# Writes docs/report.png, the README's screenshot of `ortkit doctor`'s HTML report on the demo
# model: the top of the page (verdicts, actions, the first charts) at 1280 px wide.
#
#   scripts/report_screenshot.sh BUILD_DIR [OUT.png]
#
# Runs `ortkit doctor` on BUILD_DIR/demo/demo.onnx ($ORTKIT_SCREENSHOT_DOCTOR_ARGS, default
# "--dim batch=1,4 --budget 60s") when the build has that subcommand; until
# then it renders the committed fixture (tests/report/data/doctor_demo.json, real subcommand
# outputs) with BUILD_DIR/tests/browser/ortkit_render_doctor_html. Needs Chromium
# (scripts/bootstrap.sh installs it). The full-page check of the same report, with console
# errors and network requests, is the `browser` test (ctest -L browser).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [OUT.png]" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "$1" && pwd)"
OUT="${2:-$ROOT/docs/report.png}"
# Two batch sizes, so the report shows a shape's first run against its steady state.
DOCTOR_ARGS="${ORTKIT_SCREENSHOT_DOCTOR_ARGS:---dim batch=1,4 --budget 60s}"
WIDTH=1280
HEIGHT="${ORTKIT_SCREENSHOT_HEIGHT:-1560}"

CHROMIUM="${ORTKIT_CHROMIUM:-}"
if [[ -z "$CHROMIUM" ]]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" > /dev/null; then CHROMIUM="$(command -v "$name")"; break; fi
  done
fi
if [[ -z "$CHROMIUM" ]]; then
  echo "$0: error: Chromium is not installed (apt-get install chromium, or set ORTKIT_CHROMIUM)" >&2
  exit 2
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
HTML="$WORK/report.html"
ORTKIT="$BUILD/src/ortkit"
if [[ -x "$ORTKIT" ]] && "$ORTKIT" --help 2> /dev/null | grep -q '^  doctor '; then
  echo "running ortkit doctor on the demo model..." >&2
  # Relative paths, as a user would type them: the report shows them.
  # shellcheck disable=SC2086  # the arguments are meant to split
  (cd "$BUILD" && ./src/ortkit doctor demo/demo.onnx $DOCTOR_ARGS -o "$HTML" > "$WORK/doctor.txt") || {
    status=$?
    # Exit 1 means findings (the demo model has some on purpose), not a failure.
    if [[ $status -ne 1 ]]; then cat "$WORK/doctor.txt" >&2; exit "$status"; fi
  }
else
  RENDER="$BUILD/tests/browser/ortkit_render_doctor_html"
  if [[ ! -x "$RENDER" ]]; then
    echo "$0: error: no 'ortkit doctor' in $BUILD and no $RENDER: build target ortkit_render_doctor_html" >&2
    exit 2
  fi
  echo "no 'ortkit doctor' in this build: rendering the fixture tests/report/data/doctor_demo.json" >&2
  "$RENDER" "$ROOT/tests/report/data/doctor_demo.json" "$HTML"
fi

mkdir -p "$(dirname "$OUT")"
timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$WORK/profile" --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$WIDTH,$HEIGHT" --screenshot="$OUT" "file://$HTML" > /dev/null 2>&1
if [[ ! -s "$OUT" ]]; then
  echo "$0: error: Chromium wrote no screenshot to $OUT" >&2
  exit 2
fi
echo "wrote $OUT (${WIDTH}x${HEIGHT})" >&2
