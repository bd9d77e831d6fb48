// 0U (side-mounted) devices in the elevation: beside the rack, in their verdict's colour.
#include <doctest/doctest.h>

#include <regex>

#include "attest/export/export.hpp"
#include "sample_report.hpp"

using attest::render_report_html;
using sample::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The sample with its r02 PDU turned side-mounted, as report.cpp writes one.
json with_zero_u_pdu() {
  json report = sample::sample_report();
  json& pdu = report["devices"][2];
  pdu["mount"] = "0u";
  pdu.erase("position_u");
  pdu.erase("height_u");
  return report;
}

}  // namespace

TEST_CASE("a 0U device is drawn beside its rack, linked, in its verdict's colour") {
  const std::string html = render_report_html(with_zero_u_pdu());
  // Rack frame is x 26..326; the 0U column starts 8 px to its right.
  CHECK(has(html, "<text class=\"u\" x=\"334\" y=\"16\">0U</text>"));
  CHECK(std::regex_search(html, std::regex("<a href=\"#dev-2\"><title>pdu-down \\(0U, side-mounted\\): error</title>"
                                           "<rect class=\"d-error\" x=\"335\"")));
  CHECK(has(html, ">pdu-down \u00b7 error</text>"));
  CHECK_FALSE(has(html, "Not drawn"));
  // The rack holding it is widened for the column; r01 (no 0U devices) is not.
  CHECK(has(html, "width=\"434\""));
  CHECK(has(html, "width=\"330\""));
}

TEST_CASE("the device table shows a 0U device's place as 0U") {
  const std::string html = render_report_html(with_zero_u_pdu());
  CHECK(has(html, "<td class=\"num\">r02</td><td class=\"num\">0U</td>"));
}

TEST_CASE("a 0U column longer than the rack makes the picture taller, never clipped") {
  json report = sample::sample_report();
  report["racks"] = json::array({json{{"name", "r01"}, {"height_u", 2}}});
  report["devices"] = json::array();
  for (int i = 0; i < 5; ++i) {
    json d = sample::device(("pdu-" + std::to_string(i)).c_str(), "pass", "r01", 1, 1);
    d["mount"] = "0u";
    report["devices"].push_back(d);
  }
  const std::string html = render_report_html(report);
  // Six rows (heading + 5) of 16 px and two 4 px margins.
  CHECK(has(html, "height=\"104\" viewBox=\"0 0 434 104\""));
  CHECK(has(html, "<title>pdu-4 (0U, side-mounted): pass</title>"));
}
