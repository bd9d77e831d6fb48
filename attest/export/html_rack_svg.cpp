// Rack elevations as inline SVG: U 1 at the bottom, as racks are numbered,
// each device a box over the units it occupies, linked to its section.
#include <algorithm>
#include <cstdint>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

constexpr int kUnitPx = 16;
constexpr int kMargin = 4;
constexpr int kNumbersPx = 26;  // column of U numbers left of the rack
constexpr int kRackPx = 300;
constexpr std::size_t kLabelChars = 34;  // what fits in kRackPx at 10px
// The inventory refuses taller racks; a report claiming more is not drawn
// beyond this, so a hand-edited height cannot blow up the page.
constexpr std::int64_t kMaxHeight = 100;

struct Placed {
  std::size_t index;  // position in devices[]: the link target
  std::int64_t low, high;
};

struct Rack {
  std::string name;
  std::int64_t height = 0;
  std::vector<Placed> placed;
  std::vector<std::size_t> unplaced;
};

Rack& rack_named(std::vector<Rack>& racks, const std::string& name) {
  for (auto& r : racks)
    if (r.name == name) return r;
  return racks.emplace_back(Rack{name, 0, {}, {}});
}

void place(Rack& rack, const json& device, std::size_t index) {
  const auto low = integer(device, "position_u");
  const auto height = integer(device, "height_u").value_or(1);
  if (!low || *low < 1 || height < 1 || *low > kMaxHeight || height > kMaxHeight) {
    rack.unplaced.push_back(index);
  } else {
    rack.placed.push_back(Placed{index, *low, *low + height - 1});
  }
}

// A rack without an inventory height is as tall as its devices; a device
// above the top is listed, not drawn outside the frame.
void fit_height(Rack& rack) {
  std::int64_t top = 0;
  for (const auto& p : rack.placed) top = std::max(top, p.high);
  if (rack.height < 1) rack.height = top;
  rack.height = std::min(rack.height, kMaxHeight);
  std::erase_if(rack.placed, [&rack](const Placed& p) {
    if (p.high <= rack.height) return false;
    rack.unplaced.push_back(p.index);
    return true;
  });
}

// Racks from `racks` (inventory order and height) and from the devices, so
// an older report without `racks` still gets a picture.
std::vector<Rack> collect_racks(const json& report) {
  std::vector<Rack> racks;
  for (const auto& r : items(report, "racks")) rack_named(racks, text(r, "name")).height = integer(r, "height_u").value_or(0);
  const json& devices = items(report, "devices");
  for (std::size_t i = 0; i < devices.size(); ++i) place(rack_named(racks, text(devices[i], "rack")), devices[i], i);
  for (auto& r : racks) fit_height(r);
  std::erase_if(racks, [](const Rack& r) { return r.placed.empty() && r.unplaced.empty() && r.height < 1; });
  return racks;
}

// y of the top edge of unit `u` in a rack of `height` units.
int unit_top(std::int64_t height, std::int64_t u) { return kMargin + static_cast<int>(height - u) * kUnitPx; }

std::string attr(const char* name, int value) { return std::string(" ") + name + "=\"" + std::to_string(value) + "\""; }

std::string unit_grid(std::int64_t height) {
  std::string out;
  const int x = kNumbersPx;
  for (std::int64_t u = 1; u <= height; ++u) {
    const int y = unit_top(height, u);
    out += "<rect class=\"slot\"" + attr("x", x) + attr("y", y) + attr("width", kRackPx) + attr("height", kUnitPx) +
           "/><text class=\"u\" text-anchor=\"end\"" + attr("x", x - 4) + attr("y", y + kUnitPx - 4) + ">" +
           std::to_string(u) + "</text>\n";
  }
  return out;
}

std::string device_box(const json& device, const Placed& p, std::int64_t rack_height) {
  // Label and tooltip spell out the closed vocabulary, never the report's own
  // word alone: a verdict "PASS" is "unknown", not something that reads as a pass.
  const Status status = parse_status(field(device, "verdict"));
  const char* cls = status_name(status);
  const std::string name = clean_text(text(device, "name"), Unsafe::replace);
  std::string verdict = cls;
  if (status == Status::unknown) verdict += " (" + text(device, "verdict") + ")";
  const int y = unit_top(rack_height, p.high), h = static_cast<int>(p.high - p.low + 1) * kUnitPx;
  const std::string units = p.low == p.high ? "U" + std::to_string(p.low)
                                            : "U" + std::to_string(p.low) + "-" + std::to_string(p.high);
  const std::string label = truncate_code_points(name, kLabelChars) + " \u00b7 " + cls;
  return "<a href=\"#" + device_anchor(p.index) + "\"><title>" + html_escape(name + " (" + units + "): " + verdict) +
         "</title><rect class=\"d-" + cls + "\"" + attr("x", kNumbersPx + 1) + attr("y", y + 1) +
         attr("width", kRackPx - 2) + attr("height", h - 2) + " rx=\"2\"/><text class=\"label\"" +
         attr("x", kNumbersPx + 6) + attr("y", y + h / 2 + 4) + ">" + html_escape(label) +
         "</text></a>\n";
}

std::string unplaced_list(const Rack& rack, const json& devices) {
  if (rack.unplaced.empty()) return {};
  std::string out = "<p class=\"meta\">Not drawn (no valid position in this rack):";
  for (auto i : rack.unplaced)
    out += " <a href=\"#" + device_anchor(i) + "\">" + html_escape(text(devices[i], "name")) + "</a>";
  return out + "</p>\n";
}

std::string rack_figure(const Rack& rack, const json& devices) {
  const int width = kNumbersPx + kRackPx + kMargin, height = static_cast<int>(rack.height) * kUnitPx + 2 * kMargin;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"" + attr("width", width) +
                    attr("height", height) + " viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\">\n<title>" + html_escape("rack " + rack.name) + "</title>\n" +
                    unit_grid(rack.height);
  for (const auto& p : rack.placed) svg += device_box(devices[p.index], p, rack.height);
  svg += "<rect class=\"frame\"" + attr("x", kNumbersPx) + attr("y", kMargin) + attr("width", kRackPx) +
         attr("height", static_cast<int>(rack.height) * kUnitPx) + "/>\n</svg>\n";
  return "<figure class=\"rack\">\n<figcaption>Rack " + html_escape(rack.name.empty() ? "(none)" : rack.name) + " (" +
         std::to_string(rack.height) + "U)</figcaption>\n" + svg + unplaced_list(rack, devices) + "</figure>\n";
}

// Swatches drawn with the same classes as the boxes, with the words beside them.
std::string legend() {
  std::string out = "<p class=\"legend\">";
  for (const char* v : {"pass", "fail", "error"}) {
    out += "<svg width=\"28\" height=\"14\" aria-hidden=\"true\"><rect class=\"d-" + std::string(v) +
           "\" x=\"2\" y=\"2\" width=\"24\" height=\"10\"/></svg> " + v + " &nbsp; ";
  }
  return out + "(click a device for its findings)</p>\n";
}

}  // namespace

std::string rack_elevations(const json& report) {
  const std::vector<Rack> racks = collect_racks(report);
  std::string out = "<section id=\"racks\">\n<h2>Rack elevations</h2>\n";
  if (racks.empty()) return out + "<p class=\"none\">no racks in this report</p>\n</section>\n";
  out += legend() + "<div class=\"racks\">\n";
  for (const auto& r : racks) out += rack_figure(r, items(report, "devices"));
  return out + "</div>\n</section>\n";
}

}  // namespace attest::exports::html
