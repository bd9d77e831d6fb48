#!/usr/bin/env python3
"""Layout of report.html as Chromium draws it, measured with element boxes.

report.html forbids scripts (its CSP), so `instrument` writes a copy with the
CSP meta taken out and a measuring script appended: same markup, same CSS.
Chromium runs it (--dump-dom); the script leaves its measurements as JSON in
<pre id="layout">, and `check` asserts on them:
  - the verdict banner is the body's first element and the top-most box;
  - the blocked list ends above the rack elevations, metadata comes last;
  - every device-name cell holds its whole name inside its own box, left of
    the next column (a long name wraps, never runs over its neighbour);
  - every elevation label stays inside its device's box.
Usage: check_layout.py instrument REPORT.html OUT.html
       check DOM.html NAME [NAME...]   (names that must be in the blocked table)"""
import json
import re
import sys

MEASURE = r"""
<script>
(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const textBox = (e) => { const range = document.createRange(); range.selectNodeContents(e); return box(range); };
  const byId = (id) => { const e = document.getElementById(id); return e ? box(e) : null; };
  const out = {first: document.body.firstElementChild.id, sections: {}, names: [], labels: []};
  for (const id of ["verdict", "blocked", "racks", "devices", "details", "summary"]) out.sections[id] = byId(id);
  out.headline = document.querySelector("#verdict .headline").textContent;
  let top = null;
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && (top === null || r.top < top.t)) top = {id: e.id, tag: e.tagName, t: r.top};
  }
  out.top = top;
  for (const a of document.querySelectorAll("td.name > a")) {
    const td = a.parentElement;
    out.names.push({table: td.closest("table").id, name: a.title, shown: a.textContent,
                    text: textBox(a), cell: box(td), next: box(td.nextElementSibling)});
  }
  for (const t of document.querySelectorAll("svg text.label")) {
    const rect = t.parentElement.querySelector("rect");
    out.labels.push({label: t.textContent, text: box(t), rect: box(rect)});
  }
  const pre = document.createElement("pre");
  pre.id = "layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def instrument(src, dst):
    html = open(src, encoding="utf-8").read()
    html, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html)
    if n != 1:
        sys.exit("check_layout: no CSP meta to take out")
    open(dst, "w", encoding="utf-8").write(html.replace("</body>", MEASURE + "</body>"))


def problems_of(m, blocked_names):
    out = []
    s = m["sections"]
    if m["first"] != "verdict":
        out.append(f"the body's first element is #{m['first']!r}, not the verdict banner")
    if m["top"] is None or m["top"]["t"] < s["verdict"]["t"] - 0.5:
        out.append(f"something is drawn above the banner: {m['top']}")
    if not m["headline"].startswith("BLOCKED: "):
        out.append(f"headline {m['headline']!r}")
    for above, below in [("verdict", "blocked"), ("blocked", "racks"), ("racks", "devices"), ("devices", "details"),
                         ("details", "summary")]:
        if s[above] is None or s[below] is None or s[above]["b"] > s[below]["t"] + 0.5:
            out.append(f"#{above} {s[above]} does not end above #{below} {s[below]}")
    in_blocked = {n["name"] for n in m["names"] if n["table"] == "blocked-table"}
    for name in blocked_names:
        if name not in in_blocked:
            out.append(f"{name!r} is not in the blocked table")
    for n in m["names"]:
        where = f"{n['table']}: {n['name']!r}"
        if n["shown"] != n["name"]:
            out.append(f"{where}: shows {n['shown']!r}, title {n['name']!r}")
        if n["text"]["r"] > n["cell"]["r"] + 0.5 or n["text"]["l"] < n["cell"]["l"] - 0.5:
            out.append(f"{where}: text {n['text']} outside its cell {n['cell']}")
        if n["cell"]["r"] > n["next"]["l"] + 0.5:
            out.append(f"{where}: cell {n['cell']} overlaps the next column {n['next']}")
    for lab in m["labels"]:
        if lab["text"]["r"] > lab["rect"]["r"] + 0.5:
            out.append(f"elevation label {lab['label']!r} {lab['text']} runs out of its box {lab['rect']}")
    if not m["names"] or not m["labels"]:
        out.append("nothing measured")
    return out


def check(dom_path, blocked_names):
    dom = open(dom_path, encoding="utf-8").read()
    found = re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S)
    if not found:
        print("check_layout: the measuring script left no result (did it run?)")
        return 1
    import html as htmlmod
    m = json.loads(htmlmod.unescape(found.group(1)))
    problems = problems_of(m, blocked_names)
    for p in problems:
        print("check_layout:", p)
    print(f"check_layout: {len(m['names'])} name cells, {len(m['labels'])} labels measured")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "instrument":
        instrument(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3:]))
