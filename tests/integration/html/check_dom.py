#!/usr/bin/env python3
"""Checks the DOM Chromium built from report.html (its --dump-dom output):
every device of the report is a row of the device table with its verdict, the
hostile strings of the fixture are there as text, and every element and
attribute is one attest writes. Prints each problem; exit 1 if any.
Usage: check_dom.py REPORT.json DOM.html"""
import json
import sys
from html.parser import HTMLParser

# What attest writes, plus what the browser adds while parsing (tbody).
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "footer", "h1", "h2", "h3", "h4",
    "p", "b", "br", "span", "code", "pre", "div", "section", "table", "tbody", "tr", "th", "td",
    "a", "figure", "figcaption", "svg", "rect", "text",
}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.rows, self.text = [], [], []
        self.in_table, self.row, self.cell = False, None, None

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unexpected element <{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "srcdoc", "srcset", "action", "formaction"):
                self.problems.append(f"unexpected attribute {name}={value!r} on <{tag}>")
            if name == "href" and not (value or "").startswith("#"):
                self.problems.append(f"link out of the page: {value!r}")
        if tag == "table" and ("id", "device-table") in attrs:
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.row = []
        elif self.in_table and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag == "td" and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def main(report_path, dom_path):
    report = json.load(open(report_path, encoding="utf-8"))
    dom = Dom()
    dom.feed(open(dom_path, encoding="utf-8").read())
    problems = list(dom.problems)
    shown = {(row[0], row[6]) for row in dom.rows if len(row) >= 7}  # device, verdict columns
    for device in report["devices"]:
        if (device["name"], device["verdict"]) not in shown:
            problems.append(f"device {device['name']!r} with verdict {device['verdict']!r} not in the table")
    if len(dom.rows) != len(report["devices"]):
        problems.append(f"{len(dom.rows)} table rows for {len(report['devices'])} devices")
    if "<img src=x onerror=" not in "".join(dom.text):
        problems.append("the fixture's hostile string is not shown as text")
    for p in problems:
        print("check_dom:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
