#!/usr/bin/python3
"""Exit 0 when one device's facts and finding details in an attest report hold no control
character (C0 other than tab/newline, DEL, C1), no ESC sequence and no bidi override.

Usage: no_controls.py REPORT DEVICE
"""
import json
import sys

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def bad(text):
    return [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 or c in BIDI]


def main():
    path, name = sys.argv[1:3]
    with open(path, "rb") as f:
        report = json.loads(f.read().decode("utf-8"))
    device = next(d for d in report["devices"] if d["name"] == name)
    texts = [f["detail"] for f in device["findings"]]
    texts += [str(v) for v in (device["evidence"].get("facts") or {}).values()]
    found = [(t, bad(t)) for t in texts if bad(t)]
    for text, chars in found:
        print("control characters %r in %r" % (chars, text))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
