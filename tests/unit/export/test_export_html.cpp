#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <regex>

#include "attest/export/escape.hpp"
#include "attest/export/export.hpp"
#include "markup_scan.hpp"
#include "sample_report.hpp"

using attest::render_report_html;
using sample::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// Everything the renderer may write; a hostile string that got out of its
// escaping would show up as anything else.
std::string structure_problem(const std::string& html) {
  return markup::check(markup::scan(html),
                       {"html", "head", "meta", "title", "style", "body", "header", "footer", "h1", "h2", "h3", "h4",
                        "p", "b", "br", "span", "code", "pre", "div", "section", "table", "tr", "th", "td", "a",
                        "figure", "figcaption", "svg", "rect", "text"},
                       {"lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "xmlns", "role",
                        "width", "height", "viewBox", "x", "y", "rx", "text-anchor", "aria-hidden", "title"},
                       {"meta", "br"});
}

std::vector<std::string> attribute_values(const std::string& html, const std::string& attr) {
  std::vector<std::string> out;
  for (const auto& tag : markup::scan(html).tags)
    for (const auto& [name, value] : tag.attrs)
      if (name == attr) out.push_back(value);
  return out;
}

// The <section> of device `index`, up to the next one.
std::string device_block(const std::string& html, int index) {
  const auto at = html.find("id=\"dev-" + std::to_string(index) + "\"");
  return at == std::string::npos ? std::string() : html.substr(at, html.find("<section class=\"device", at) - at);
}

}  // namespace

TEST_CASE("the page is self-contained: a CSP forbids loading anything, and there is no script") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(has(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:\">"));
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\"") < html.find("<title>"));
  CHECK_FALSE(std::regex_search(html, std::regex("<script|url\\(|@import", std::regex::icase)));  // src=: see below
  const std::regex url("https?://[^\"]*");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
    CHECK(it->str() == "http://www.w3.org/2000/svg");
}

TEST_CASE("hostile strings stay text: every element and attribute is one the renderer writes") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(structure_problem(html) == "");
  for (const auto& href : attribute_values(html, "href")) CHECK(std::regex_match(href, std::regex("#dev-[0-9]+(-[a-z]+)?")));
  for (const auto& cls : attribute_values(html, "class")) CHECK(std::regex_match(cls, std::regex("[a-z -]+")));
  CHECK(attest::exports::clean_text(html, attest::exports::Unsafe::replace) == html);  // valid UTF-8, no controls
}

TEST_CASE("hostile strings are shown for what they are, unsafe bytes replaced") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(has(html, "evil-&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;]]&gt;"
                  "\ufffd\ufffd[31m\ufffd\ufffd"));
  CHECK(has(html, "<span class=\"st st-unknown\">pass&quot;&gt;&lt;b&gt;&lt;script&gt;"));
  CHECK(has(html, std::string(300, 'L')));  // the table keeps the whole name
}

TEST_CASE("every link points at an element of the page") {
  const std::string html = render_report_html(sample::sample_report());
  const auto ids = attribute_values(html, "id");
  for (const auto& href : attribute_values(html, "href")) {
    CAPTURE(href);
    CHECK(std::find(ids.begin(), ids.end(), href.substr(1)) != ids.end());
  }
  CHECK(has(device_block(html, 1), "<a href=\"#dev-1-auth\">evidence</a>"));  // default-credentials -> attempts
}

TEST_CASE("the summary shows site, times, counts and whatever metadata the report has") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(has(html, "<title>attest report: demo-dc1</title>"));
  CHECK(has(html, "<span>fail: <b>1</b></span>"));
  CHECK(has(html, "<tr><th>started</th><td class=\"mono\">2026-11-29T12:00:00.000Z</td></tr>"));
  CHECK(has(html, "<tr><th>operator</th><td class=\"mono\">alice</td></tr>"));
  CHECK(has(html, "<tr><th>inventory.sha256</th><td class=\"mono\">inv-digest</td></tr>"));
  CHECK(has(html, "<tr><th>tool.version</th><td class=\"mono\">0.1.0</td></tr>"));
  CHECK(has(html, "<tr><th>warnings</th><td class=\"mono\">golden DB is unsigned\nsecond warning</td></tr>"));
  CHECK(has(html, "<tr><th>ledger</th><td class=\"mono\">(none)</td></tr>"));
}

TEST_CASE("the device table has one row per device: verdict and the finding that blocked it") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(has(html, "<tr><td class=\"name\"><a href=\"#dev-1\" title=\"sw-bad\">sw-bad</a></td><td class=\"num\">r01</td>"
                  "<td class=\"num\">38-39</td>"));
  CHECK(has(html, "<td class=\"verdict\"><span class=\"st st-fail\">fail</span></td><td class=\"reason\">"
                  "default-credentials: factory default logs in: admin</td></tr>"));
  CHECK(has(html, "<span class=\"st st-pass\">pass</span></td><td class=\"reason\">all checks passed</td>"));
  CHECK(has(html, "<span class=\"st st-pass\">pass</span></td><td class=\"reason\">no findings: no evidence</td>"));
  CHECK(has(device_block(html, 3), "No findings: the report holds no evidence for this device, so it is not passed."));
}

TEST_CASE("the elevation draws U1 at the bottom and each device over the units it occupies") {
  const std::string html = render_report_html(sample::sample_report());
  // 42U at 16px plus 4px margins; sw-bad spans U38-39, i.e. from the top edge of U39.
  CHECK(has(html, "<figcaption>Rack r01 (42U)</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "width=\"330\" height=\"680\""));
  CHECK(has(html, "<a href=\"#dev-1\"><title>sw-bad (U38-39): fail</title><rect class=\"d-fail\" x=\"27\" y=\"53\" "
                  "width=\"298\" height=\"30\""));
  CHECK(has(html, "<rect class=\"d-pass\" x=\"27\" y=\"37\" width=\"298\" height=\"14\""));  // sw-ok at U40
  CHECK(has(html, "y=\"672\">1</text>"));  // U1: the bottom row
  CHECK(has(html, "y=\"16\">42</text>"));  // U42: the top row
  CHECK(has(html, "<figcaption>Rack r02 (4U)</figcaption>"));  // not in `racks`: as tall as its devices
}

TEST_CASE("the elevation spells out each verdict, for greyscale print") {
  const std::string html = render_report_html(sample::sample_report());
  CHECK(has(html, ">sw-bad \u00b7 fail</text>"));
  CHECK(has(html, ">pdu-down \u00b7 error</text>"));
  for (const char* v : {"pass", "fail", "error"})
    CHECK(has(html, "<rect class=\"d-" + std::string(v) + "\" x=\"2\" y=\"2\" width=\"24\" height=\"10\"/></svg> " + v));
  CHECK(std::regex_search(html, std::regex("<text class=\"label\"[^>]*>evil-&lt;script[^<]{0,200}\u2026 \u00b7 ")));
}

TEST_CASE("devices without a place in their rack are listed, not drawn") {
  json report = sample::sample_report();
  report["racks"][0]["height_u"] = 1000000;  // capped at the inventory's 100U
  report["devices"][0]["position_u"] = 150;
  report["devices"][1]["position_u"] = "38";
  const std::string html = render_report_html(report);
  CHECK(has(html, "<figcaption>Rack r01 (100U)</figcaption>"));
  CHECK(has(html, "Not drawn (no valid position in this rack): <a href=\"#dev-0\">sw-ok</a> <a href=\"#dev-1\">sw-bad</a>"));
  CHECK_FALSE(has(html, "<a href=\"#dev-1\"><title>"));
  CHECK(structure_problem(html) == "");
}

TEST_CASE("auth attempts show usernames, methods and outcomes, nothing else an attempt carries") {
  const std::string block = device_block(render_report_html(sample::sample_report()), 0);
  CHECK(has(block, "<tr><td>1</td><td>login</td><td>netops</td><td>password</td><td>accepted</td></tr>"));
  CHECK_FALSE(has(block, sample::kSecret));
}

TEST_CASE("the evidence: host key against its pin, commands with digests and outputs, TPM") {
  const std::string html = render_report_html(sample::sample_report());
  const std::string ok = device_block(html, 0);
  CHECK(has(ok, "<tr><th>pinned</th><td class=\"mono\">SHA256:aaa</td></tr>\n<tr><th>matches pin</th><td "
                "class=\"mono\">yes</td></tr>"));
  CHECK(has(ok, "<code>show version</code><br><span class=\"mono\">sha256 ab12, 5 bytes, t0 \u2192 t1</span>"));
  CHECK(has(ok, "<pre class=\"output\">EOS 4</pre>"));
  CHECK(has(ok, "<tr><th>quote_sha256</th><td class=\"mono\">q1</td></tr>"));
  CHECK(has(ok, "<tr><th>quote.pcrs.sha256.0</th><td class=\"mono\">bc5e</td></tr>"));
  CHECK(has(device_block(html, 4), "(copy below truncated; the digest covers all of it)"));
}

TEST_CASE("a report missing or mistyping its fields still renders") {
  json broken{{"schema", "attest.report/v1"}, {"summary", "none"}, {"racks", {{{"name", 7}}}},
              {"devices", {42, nullptr, json::object(),
                           {{"name", "x"}, {"findings", "none"}, {"position_u", -3},
                            {"evidence", {{"host_key", 1}, {"tpm", "weird"}, {"facts", {1, 2}}, {"commands", {1}},
                                          {"auth_attempts", {"a"}}, {"new_field", {{"k", "v"}}},
                                          {"deep", {{"a", {{"b", {{"c", {{"d", {{"e", 1}}}}}}}}}}}}}}}}};
  for (const json& report : {json::object(), json("not a report"), json(nullptr), broken}) {
    CAPTURE(report.dump());
    std::string html;
    CHECK_NOTHROW(html = render_report_html(report));
    CHECK(structure_problem(html) == "");
  }
  const std::string html = render_report_html(broken);
  CHECK(has(html, "<tr><th>new_field.k</th><td class=\"mono\">v</td></tr>"));
  CHECK(has(html, "<tr><th>deep.a.b.c.d</th><td class=\"mono\">{&quot;e&quot;:1}</td></tr>"));  // flattening stops
  CHECK(has(html, "<tr><th>tpm</th><td class=\"mono\">weird</td></tr>"));
}

TEST_CASE("a device whose verdict is not pass never reads as passed, whatever its findings say") {
  json report = sample::sample_report();
  report["devices"][0]["verdict"] = "PASS";  // not in the vocabulary: unknown, blocking
  report["devices"][1]["verdict"] = "pass";
  report["devices"][1]["findings"] = json::array({sample::finding("identity", "skip", "not read")});
  report["devices"][2]["findings"] = json::array({sample::finding("reachability", "pass", "connected")});  // verdict error
  const std::string html = render_report_html(report);
  CHECK(has(html, "<span class=\"st st-unknown\">PASS (not recognised)</span></td><td class=\"reason\">"
                  "verdict is not pass, but no finding failed</td>"));
  CHECK(has(html, "<title>sw-ok (U40): unknown (PASS)</title><rect class=\"d-unknown\""));
  CHECK(has(html, ">sw-ok \u00b7 unknown</text>"));
  CHECK(has(html, "<span class=\"st st-pass\">pass</span></td><td class=\"reason\">no check passed: no evidence</td>"));
  CHECK(has(html, "<span class=\"st st-error\">error</span></td><td class=\"reason\">"
                  "verdict is not pass, but no finding failed</td>"));
  CHECK_FALSE(has(html, "all checks passed"));
}

TEST_CASE("a position at the top of the integer range is shown, not overflowed into a unit range") {
  json report = sample::sample_report();
  report["devices"][1]["position_u"] = std::numeric_limits<std::int64_t>::max();
  const std::string html = render_report_html(report);
  CHECK(has(html, "<td class=\"num\">9223372036854775807</td>"));
  CHECK(structure_problem(html) == "");
}

TEST_CASE("the counts at the top come from the devices' verdicts, not from the report's summary") {
  json report = sample::sample_report();
  report["summary"] = {{"devices", 5}, {"pass", 5}, {"fail", 0}, {"error", 0}};  // hand-edited
  const std::string html = render_report_html(report);
  CHECK(has(html, "<p class=\"counts\"><span>devices: <b>5</b></span><span>pass: <b>2</b></span><span>fail: <b>1</b>"
                  "</span><span>error: <b>1</b></span><span>unknown: <b>1</b></span></p>"));
}

namespace {

json all_clear_report() {
  json report = sample::sample_report();
  report["devices"] = json::array({report["devices"][0]});
  report["golden_db"] = {{"signed", true}, {"manifest_sha256", "m1"}};
  report["signature"] = {{"algorithm", "Ed25519"}, {"key_id", "k1"}, {"file", "report.json.sig"}};
  return report;
}

}  // namespace

TEST_CASE("the page opens with the verdict: BLOCKED n of m, counted from the devices") {
  json report = sample::sample_report();
  report["summary"] = {{"devices", 5}, {"pass", 5}};  // hand-edited: not what the banner counts
  const std::string html = render_report_html(report);
  CHECK(html.find("<body>\n<div id=\"verdict\" class=\"banner b-blocked\" role=\"status\">\n"
                  "<p class=\"headline\">BLOCKED: 4 of 5 devices</p>") != std::string::npos);
  // sw-ok passes; sw-bad fails, pdu-down errs, srv-empty has no evidence, the hostile verdict is unknown.
  CHECK(has(html, "UNVERIFIED GOLDEN DB"));
  CHECK(has(html, "UNSIGNED REPORT"));
  CHECK_FALSE(has(html, "PARTIAL"));
}

TEST_CASE("ALL CLEAR only when every device passed, with a verified DB shown without caveats") {
  const std::string html = render_report_html(all_clear_report());
  CHECK(has(html, "<div id=\"verdict\" class=\"banner b-clear\" role=\"status\">\n"
                  "<p class=\"headline\">ALL CLEAR: 1 device passed</p>\n</div>"));
  CHECK(has(html, "<p class=\"none\">no device is blocked</p>"));
  json unsigned_db = all_clear_report();
  unsigned_db["golden_db"]["signed"] = false;
  CHECK(has(render_report_html(unsigned_db), "class=\"banner b-caveat\""));
  json empty = all_clear_report();
  empty["devices"] = json::array();
  CHECK(has(render_report_html(empty), "BLOCKED: the report lists no devices"));
}

TEST_CASE("an interrupted run says PARTIAL and is never all clear") {
  json report = all_clear_report();
  report["partial"] = true;
  const std::string html = render_report_html(report);
  CHECK(has(html, "<p class=\"headline\">PARTIAL: 1 device finished, the run was interrupted</p>"));
  CHECK(has(html, "<p class=\"caveat\">PARTIAL: the run was interrupted"));
  CHECK_FALSE(has(html, "ALL CLEAR"));
}

TEST_CASE("the order: banner, blocked devices, elevations, all devices, evidence, run metadata last") {
  const std::string html = render_report_html(sample::sample_report());
  const std::vector<std::string> order{"id=\"verdict\"", "id=\"blocked\"", "<figure class=\"rack\"",
                                       "id=\"devices\"", "id=\"controls\"", "id=\"details\"", "id=\"summary\"",
                                       "<footer"};
  for (std::size_t i = 1; i < order.size(); ++i) {
    CAPTURE(order[i]);
    CHECK(html.find(order[i - 1]) < html.find(order[i]));
    CHECK(html.find(order[i]) != std::string::npos);
  }
}

TEST_CASE("each blocked device is one row: name, rack / U, verdict and every blocking finding") {
  const std::string html = render_report_html(sample::sample_report());
  const std::string table = html.substr(html.find("id=\"blocked-table\""), html.find("id=\"racks\"") - html.find("id=\"blocked-table\""));
  CHECK(has(table, "<tr><td class=\"name\"><a href=\"#dev-1\" title=\"sw-bad\">sw-bad</a></td><td class=\"num\">r01 / "
                   "38-39</td><td class=\"verdict\"><span class=\"st st-fail\">fail</span></td><td class=\"reasons\">"
                   "<div class=\"why\"><span class=\"st st-fail\">fail</span> <b>default-credentials</b>: factory "
                   "default logs in: admin</div></td></tr>"));
  CHECK(has(table, "<b>reachability</b>: connection refused</div>"));
  CHECK(has(table, "<div class=\"why\">no findings: no evidence</div>"));
  CHECK_FALSE(has(table, "sw-ok"));
  std::size_t rows = 0;
  for (auto at = table.find("<tr><td class=\"name\">"); at != std::string::npos; at = table.find("<tr><td class=\"name\">", at + 1))
    ++rows;
  CHECK(rows == 4);
}

namespace {

json with_controls(json report) {
  report["controls"] = {
      {"file", "db/controls/controls.json"},
      {"controls", json::array({json{{"id", "PCI-DSS-4.0-2.2.2"}, {"framework", "PCI DSS v4.0"}, {"ref", "2.2.2"},
                                     {"title", "default accounts"}, {"source", "PCI DSS v4.0 Req. 2.2.2"}},
                                json{{"id", "SOC2-CC6.1"}, {"framework", "SOC 2"}, {"ref", "CC6.1"},
                                     {"title", sample::kHostile}, {"source", "TSC CC6.1"}}})},
      {"checks", {{"default-credentials", {"PCI-DSS-4.0-2.2.2", "SOC2-CC6.1"}}, {"host-key", {"SOC2-CC6.1"}},
                  {"identity", {"GHOST-1"}}}}};
  return report;
}

}  // namespace

TEST_CASE("each finding shows the controls its check is evidence for, title and source on hover") {
  const std::string html = render_report_html(with_controls(sample::sample_report()));
  CHECK(has(device_block(html, 1), "<td class=\"controls\"><span class=\"ctl\" title=\"default accounts \u2014 PCI DSS "
                                   "v4.0 Req. 2.2.2\">PCI DSS v4.0 2.2.2</span><span class=\"ctl\" title=\""));
  CHECK(has(device_block(html, 0), "<span class=\"ctl\" title=\"\">GHOST-1 (not defined)</span>"));
  // A hostile title stays escaped inside its attribute.
  CHECK(has(html, "<span class=\"ctl\" title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x"));
  CHECK(structure_problem(html) == "");
}

TEST_CASE("the controls summary counts devices passing, failing and not tested per control") {
  const std::string html = render_report_html(with_controls(sample::sample_report()));
  // default-credentials fails on sw-bad only; host-key passes on sw-ok and sw-bad.
  CHECK(has(html, "<tr><td>PCI DSS v4.0 2.2.2</td><td>default accounts</td><td>PCI DSS v4.0 Req. 2.2.2</td>"
                  "<td>default-credentials</td><td class=\"num c-pass\">0</td><td class=\"num c-fail\">1</td>"
                  "<td class=\"num c-untested\">4</td></tr>"));
  CHECK(has(html, "<td>default-credentials, host-key</td><td class=\"num c-pass\">1</td><td class=\"num c-fail\">1</td>"
                  "<td class=\"num c-untested\">3</td></tr>"));
  CHECK(has(render_report_html(sample::sample_report()), "the report maps no checks to controls"));
  CHECK_FALSE(has(html, "<th>controls.file</th>"));  // not repeated in the run metadata
}
