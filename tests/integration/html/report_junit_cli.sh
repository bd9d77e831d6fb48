#!/usr/bin/env bash
# `attest report junit` on the fixture report, checked by python3's XML parser
# against the report; then `attest report` on bad input: exit 2 naming the
# file and the reason, and nothing written or replaced.
# Usage: report_junit_cli.sh ATTEST_BINARY SOURCE_DIR
set -u
source "$(dirname "$0")/setup.sh"

expect 0 "wrote .*junit.xml" -- "$attest" report junit "$fixture" --out "$tmp/junit.xml"
check "junit.xml parses as XML and matches the report testcase by testcase" \
  'python3 "$here/check_junit.py" "$fixture" "$tmp/junit.xml"'
python3 - "$fixture" "$tmp/dotted.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
for d in report["devices"]:
    d["name"] = d["name"].replace("sw-r01-tor2", "sw-r01-tor2.ams1.example.net")
    d["rack"] = "dc1.r01"
report["racks"][0]["name"] = "dc1.r01"
json.dump(report, open(sys.argv[2], "w", encoding="utf-8"))
PY
expect 0 "wrote .*dotted.xml" -- "$attest" report junit "$tmp/dotted.json" --out "$tmp/dotted.xml"
check "dotted device and rack names: classname attest.dc1_r01, the names whole in name and properties" \
  'python3 "$here/check_junit.py" "$tmp/dotted.json" "$tmp/dotted.xml" &&
   grep -q "name=\"sw-r01-tor2.ams1.example.net: host-key\"" "$tmp/dotted.xml"'

printf '{"schema": "attest.report/v1", "devices": [' >"$tmp/cut.json"
printf '{"schema": "attest.inventory/v1", "devices": []}' >"$tmp/other.json"
printf '{"schema": "attest.report/v1", "devices": {}}' >"$tmp/nodevices.json"
printf 'previous export' >"$tmp/keep.html"
expect 2 "missing.json: cannot open" -- "$attest" report html "$tmp/missing.json" --out "$tmp/keep.html"
expect 2 "cut.json: invalid JSON" -- "$attest" report junit "$tmp/cut.json" --out "$tmp/keep.html"
expect 2 "other.json: not an attest report" -- "$attest" report html "$tmp/other.json" --out "$tmp/keep.html"
expect 2 "nodevices.json: /devices: missing or not an array" -- "$attest" report html "$tmp/nodevices.json" --out "$tmp/keep.html"
check "bad input leaves the previous export in place" '[ "$(cat "$tmp/keep.html")" = "previous export" ]'
expect 2 "no-such-dir" -- "$attest" report html "$fixture" --out "$tmp/no-such-dir/report.html"
expect 2 "'--out' is required" -- "$attest" report html "$fixture"
expect 2 "unknown report action 'pdf'" -- "$attest" report pdf "$fixture"
expect 0 "attest report junit REPORT.json --out FILE" -- "$attest" report --help
check "no temp file left behind" '[ -z "$(ls -A "$tmp" | grep -v -e "^junit.xml$" -e "^dotted.xml$" -e "\.json$" -e "^keep.html$")" ]'
finish
