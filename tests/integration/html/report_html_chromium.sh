#!/usr/bin/env bash
# `attest report html` on the fixture report, then the page in headless
# Chromium with no network: the DOM it builds holds every device with its
# verdict and nothing the hostile strings tried to inject, the page logs no
# console message (a CSP violation would), and a screenshot is a real PNG.
# Usage: report_html_chromium.sh ATTEST_BINARY SOURCE_DIR
set -u
source "$(dirname "$0")/setup.sh"

if ! command -v chromium >/dev/null; then
  echo "FAIL: chromium is not installed; scripts/install-deps.sh --test installs it"
  exit 1
fi

expect 0 "wrote .*report.html" -- "$attest" report html "$fixture" --out "$tmp/report.html"

# A throw-away profile and HOME; every name resolves to nothing and every
# connection goes to a closed port, so the page could not load anything even
# if it tried.
export HOME=$tmp/home
mkdir -p "$HOME"
browse() {
  timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
    --disable-extensions --disable-sync --disable-background-networking --disable-component-update \
    --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 "$@" "file://${page:-$tmp/report.html}"
}

browse --dump-dom >"$tmp/dom.html" 2>"$tmp/dom.err"
code=$?
check "chromium --dump-dom exits 0 (got $code)" '[ "$code" -eq 0 ]'
check "the DOM holds every device and its verdict, and nothing injected" \
  'python3 "$here/check_dom.py" "$fixture" "$tmp/dom.html"'
# Chromium's own "[Intervention] Slow network is detected" (a font-loading
# hint it prints on a loaded machine) is not the page's: it is left out.
page_console() { grep -i "CONSOLE" "$1" | grep -v "Slow network is detected"; }
check "the page logs no console message (no CSP violation, no error)" '! page_console "$tmp/dom.err"'

browse --screenshot="$tmp/shot.png" --window-size=1280,3000 >"$tmp/shot.out" 2>"$tmp/shot.err"
code=$?
check "chromium --screenshot exits 0 (got $code)" '[ "$code" -eq 0 ]'
check "the screenshot is a PNG" '[ "$(head -c 8 "$tmp/shot.png" 2>/dev/null | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a ]'
size=$(stat -c %s "$tmp/shot.png" 2>/dev/null || echo 0)
# A blank 1280x3000 page compresses to a few KiB; the rendered report is far larger.
check "the screenshot is not blank ($size bytes)" '[ "$size" -gt 60000 ]'
check "the screenshot logs no console message" '! page_console "$tmp/shot.err"'

# Layout, measured: the fixture with two 60-character names (one dotted, one
# with nothing to break at), rendered by attest, then drawn by Chromium at a
# laptop's width with a measuring script (check_layout.py says why a copy).
dotted=sw-r01-tor2.aggregation-pod-west.ams1.datacenter.example.net
solid=srv-r01-03-$(printf 'x%.0s' $(seq 49))
python3 - "$fixture" "$tmp/long.json" "$dotted" "$solid" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
names = {"sw-r01-tor2": sys.argv[3], "srv-r01-03": sys.argv[4]}
for d in report["devices"]:
    d["name"] = names.get(d["name"], d["name"])
json.dump(report, open(sys.argv[2], "w", encoding="utf-8"))
PY
check "both long names are 60 characters" '[ ${#dotted} -eq 60 ] && [ ${#solid} -eq 60 ]'
expect 0 "wrote" -- "$attest" report html "$tmp/long.json" --out "$tmp/long.html"
python3 "$here/check_layout.py" instrument "$tmp/long.html" "$tmp/measured.html"
page=$tmp/measured.html browse --dump-dom --window-size=1024,2000 >"$tmp/layout.html" 2>"$tmp/layout.err"
check "the banner leads, blocked devices precede the elevation, long names stay in their column" \
  'python3 "$here/check_layout.py" check "$tmp/layout.html" "$dotted" "$solid"'
finish
