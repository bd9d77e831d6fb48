// report.html: the document around the parts, its stylesheet, the run summary
// and the small helpers the parts share.
#include <algorithm>

#include "attest/export/escape.hpp"
#include "attest/export/export.hpp"
#include "attest/export/html_parts.hpp"

namespace attest {
namespace exports::html {
namespace {

// Nothing may load: no scripts, no fonts, no images but data: URIs. The report
// holds attacker-controlled strings; escaping is the first defence, this the second.
constexpr const char* kCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Light colours only, and every verdict also spelled out in text and drawn
// with its own stroke, so a greyscale print stays readable.
constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { font: 14px/1.45 "DejaVu Sans", system-ui, sans-serif; color: #111; background: #fff; margin: 1.5em; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { border-bottom: 2px solid #444; margin-top: 1.6em; }
h3 { margin: .2em 0; } h4 { margin: .8em 0 .2em; }
table { border-collapse: collapse; margin: .3em 0; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td.mono { white-space: pre-wrap; }
code, .mono, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
pre.output { max-height: 18em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere;
             background: #f7f7f7; border: 1px solid #ddd; padding: 4px 6px; margin: .2em 0 .6em; }
.st { font-weight: bold; text-transform: uppercase; padding: 0 .35em; border: 1px solid; border-radius: 3px; }
.st-pass, .st-fail, .st-error, .st-skip { white-space: nowrap; }
.st-pass { background: #dcf2dc; color: #14532d; border-color: #2e7d32; }
.st-fail { background: #fbd3d3; color: #7f1d1d; border-color: #b71c1c; border-width: 2px; }
.st-error, .st-unknown { background: #ffe2bd; color: #7c2d12; border-color: #e65100; border-style: dashed; }
.st-skip { background: #eee; color: #333; border-color: #888; }
.st-waived { background: #fff3c4; color: #5c4400; border-color: #b08800; border-style: dotted; white-space: nowrap; }
/* Short columns keep their words; long hostile strings still wrap anywhere. */
#device-table th { overflow-wrap: normal; } #device-table td { min-width: 5.5em; } #device-table td.num { min-width: 2em; }
/* Device names: wrapped inside their own column (never drawn over the next), the
   full name also in the link's title. */
td.name { min-width: 9em; max-width: 22em; overflow-wrap: anywhere; word-break: break-word; }
h3 { overflow-wrap: anywhere; }
.banner { border: 3px solid; border-radius: 4px; padding: .4em .9em; margin: 0 0 1em; }
.banner .headline { font-size: 1.6em; font-weight: bold; margin: .1em 0; }
.banner .caveat { font-weight: bold; margin: .2em 0; }
.b-blocked { background: #fbd3d3; color: #7f1d1d; border-color: #b71c1c; }
.b-caveat { background: #ffe2bd; color: #7c2d12; border-color: #e65100; border-style: dashed; }
.b-clear { background: #dcf2dc; color: #14532d; border-color: #2e7d32; }
#blocked-table { width: 100%; } #blocked-table td.num { white-space: nowrap; }
#blocked-table .why { margin: .1em 0; overflow-wrap: anywhere; }
#device-table td.mono { min-width: 10em; } #device-table td.reason { width: 45%; }
table.findings { width: 100%; } table.findings td:first-child { min-width: 11em; }
table.findings td:last-child { white-space: nowrap; }
.ctl { display: inline-block; white-space: nowrap; font-size: 12px; border: 1px solid #99a; border-radius: 3px;
       padding: 0 .3em; margin: 0 .2em .1em 0; background: #f3f3fa; }
#control-table td.num { text-align: right; } #control-table td.c-fail { font-weight: bold; }
.counts span { margin-right: 1em; }
section.device { border: 1px solid #bbb; border-left-width: 6px; padding: .4em 1em .6em; margin: 1em 0; }
section.device.v-pass { border-left-color: #2e7d32; } section.device.v-fail { border-left-color: #b71c1c; }
section.device.v-error, section.device.v-unknown { border-left-color: #e65100; border-left-style: dashed; }
.meta { color: #333; margin: .2em 0; } .none { color: #555; font-style: italic; }
.racks { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
figure.rack { margin: 0; } figure.rack figcaption { font-weight: bold; }
svg text { font-family: "DejaVu Sans", sans-serif; }
svg .u { font-size: 9px; fill: #555; } svg .slot { fill: #fff; stroke: #ddd; }
svg .frame { fill: none; stroke: #333; stroke-width: 2; }
svg .label { font-size: 10px; fill: #111; }
svg .d-pass { fill: #dcf2dc; stroke: #2e7d32; stroke-width: 1; }
svg .d-fail { fill: #fbd3d3; stroke: #b71c1c; stroke-width: 2.5; }
svg .d-error, svg .d-unknown { fill: #ffe2bd; stroke: #e65100; stroke-width: 1.5; stroke-dasharray: 4 2; }
@media print {
  body { margin: 0; font-size: 10pt; background: #fff; }
  a { color: inherit; text-decoration: none; }
  pre.output { max-height: none; overflow: visible; }
  section.device, .cmd, figure.rack, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
)css";

// Counted from the devices' verdicts, never copied from the report's summary,
// so a hand-edited summary cannot claim fewer failures than the table shows.
std::string counts_line(const json& report) {
  const json& devices = items(report, "devices");
  const auto span = [](const char* name, std::size_t n) {
    return "<span>" + std::string(name) + ": <b>" + std::to_string(n) + "</b></span>";
  };
  std::string out = "<p class=\"counts\">" + span("devices", devices.size());
  for (Status s : {Status::pass, Status::fail, Status::error, Status::skip, Status::unknown}) {
    const auto n = static_cast<std::size_t>(std::count_if(devices.begin(), devices.end(), [s](const json& d) {
      return parse_status(field(d, "verdict")) == s;
    }));
    if (n > 0 || s == Status::pass || s == Status::fail || s == Status::error) out += span(status_name(s), n);
  }
  return out + "</p>\n";
}

std::string head(const json& report) {
  return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n") +
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" + kCsp + "\">\n" +
         "<meta name=\"referrer\" content=\"no-referrer\">\n" +
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
         "<title>attest report: " + html_escape(text(report, "site")) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n";
}

}  // namespace

std::string device_anchor(std::size_t index) { return "dev-" + std::to_string(index); }

std::string status_badge(const json& value) {
  const Status status = parse_status(value);
  std::string shown = value.is_null() ? std::string("missing") : text_of(value);
  // "Pass" or "pass " is not pass: say so, or the upper-cased badge reads PASS.
  if (status == Status::unknown && !value.is_null()) shown += " (not recognised)";
  return std::string("<span class=\"st st-") + status_name(status) + "\">" + html_escape(shown) + "</span>";
}

std::string key_value_table(const Rows& rows, std::string_view empty) {
  if (rows.empty()) return "<p class=\"none\">" + html_escape(empty) + "</p>\n";
  std::string out = "<table class=\"kv\">\n";
  for (const auto& [name, value] : rows)
    out += "<tr><th>" + html_escape(name) + "</th><td class=\"mono\">" + html_escape(value) + "</td></tr>\n";
  return out + "</table>\n";
}

std::string summary_section(const json& report) {
  return "<header>\n<h1>attest report: " + html_escape(text(report, "site")) + "</h1>\n" + counts_line(report) +
         "</header>\n";
}

std::string run_section(const json& report) {
  return "<section id=\"summary\">\n<h2>Run</h2>\n" +
         key_value_table(run_metadata(report), "the report carries no run metadata") + "</section>\n";
}

}  // namespace exports::html

std::string render_report_html(const nlohmann::ordered_json& report) {
  using namespace exports::html;
  // The answer first (banner, what is blocked and why, where it sits), then
  // every device, then the evidence, and the run's metadata last.
  return head(report) + "<body>\n" + verdict_banner(report) + summary_section(report) + blocked_section(report) +
         rack_elevations(report) + device_table(report) + controls_section(report) + device_sections(report) +
         run_section(report) + "<footer class=\"meta\">Generated from " +
         exports::html_escape(exports::text(report, "schema")) + " by attest " +
         exports::html_escape(exports::text(exports::field(report, "tool"), "version")) +
         ". Everything shown is as the devices reported it.</footer>\n</body>\n</html>\n";
}

}  // namespace attest
