// Rack elevations as inline SVG: U 1 at the bottom, as racks are numbered,
// each device a box over the units it occupies, linked to its section; 0U
// (side-mounted) devices in a narrow column beside the rack.
#include <algorithm>
#include <cstdint>
#include <utility>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

constexpr int kUnitPx = 16;
constexpr int kMargin = 4;
constexpr int kNumbersPx = 26;  // column of U numbers left of the rack
constexpr int kRackPx = 300;
constexpr std::size_t kLabelChars = 34;  // what fits in kRackPx at 10px
constexpr int kSideGap = 8;                   // between the rack and its 0U column
constexpr int kSidePx = 96;                   // the 0U column
constexpr std::size_t kSideLabelChars = 14;   // what fits in kSidePx at 10px
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
  std::vector<std::size_t> zero_u;  // side-mounted, top to bottom in inventory order
  std::vector<std::size_t> unplaced;
};

Rack& rack_named(std::vector<Rack>& racks, const std::string& name) {
  for (auto& r : racks)
    if (r.name == name) return r;
  return racks.emplace_back(Rack{name, 0, {}, {}, {}});
}

void place(Rack& rack, const json& device, std::size_t index) {
  if (text(device, "mount") == "0u") {
    // As with heights: a hand-edited report cannot make the column endless.
    auto& list = std::cmp_less(rack.zero_u.size(), kMaxHeight) ? rack.zero_u : rack.unplaced;
    return list.push_back(index);
  }
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
  std::erase_if(racks, [](const Rack& r) {
    return r.placed.empty() && r.zero_u.empty() && r.unplaced.empty() && r.height < 1;
  });
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

// Where a box goes, and how many characters of its label fit.
struct Box {
  int x, y, width, height;
  std::size_t label_chars;
};

// Label and tooltip spell out the closed vocabulary, never the report's own
// word alone: a verdict "PASS" is "unknown", not something that reads as a pass.
std::string linked_box(const json& device, std::size_t index, const std::string& units, const Box& b) {
  const Status status = parse_status(field(device, "verdict"));
  const char* cls = status_name(status);
  const std::string name = clean_text(text(device, "name"), Unsafe::replace);
  std::string verdict = cls;
  if (status == Status::unknown) verdict += " (" + text(device, "verdict") + ")";
  const std::string label = truncate_code_points(name, b.label_chars) + " \u00b7 " + cls;
  return "<a href=\"#" + device_anchor(index) + "\"><title>" + html_escape(name + " (" + units + "): " + verdict) +
         "</title><rect class=\"d-" + cls + "\"" + attr("x", b.x + 1) + attr("y", b.y + 1) + attr("width", b.width - 2) +
         attr("height", b.height - 2) + " rx=\"2\"/><text class=\"label\"" + attr("x", b.x + 6) +
         attr("y", b.y + b.height / 2 + 4) + ">" + html_escape(label) + "</text></a>\n";
}

std::string device_box(const json& device, const Placed& p, std::int64_t rack_height) {
  const int y = unit_top(rack_height, p.high), h = static_cast<int>(p.high - p.low + 1) * kUnitPx;
  const std::string units = p.low == p.high ? "U" + std::to_string(p.low)
                                            : "U" + std::to_string(p.low) + "-" + std::to_string(p.high);
  return linked_box(device, p.index, units, Box{kNumbersPx, y, kRackPx, h, kLabelChars});
}

// The 0U column: one unit-high box per side-mounted device, from the top.
std::string zero_u_column(const Rack& rack, const json& devices) {
  if (rack.zero_u.empty()) return {};
  const int x = kNumbersPx + kRackPx + kSideGap;
  std::string out = "<text class=\"u\"" + attr("x", x) + attr("y", kMargin + kUnitPx - 4) + ">0U</text>\n";
  for (std::size_t i = 0; i < rack.zero_u.size(); ++i) {
    const int y = kMargin + static_cast<int>(i + 1) * kUnitPx;
    out += linked_box(devices[rack.zero_u[i]], rack.zero_u[i], "0U, side-mounted",
                      Box{x, y, kSidePx, kUnitPx, kSideLabelChars});
  }
  return out;
}

std::string unplaced_list(const Rack& rack, const json& devices) {
  if (rack.unplaced.empty()) return {};
  std::string out = "<p class=\"meta\">Not drawn (no valid position in this rack):";
  for (auto i : rack.unplaced)
    out += " <a href=\"#" + device_anchor(i) + "\">" + html_escape(text(devices[i], "name")) + "</a>";
  return out + "</p>\n";
}

std::string rack_figure(const Rack& rack, const json& devices) {
  const int side = rack.zero_u.empty() ? 0 : kSideGap + kSidePx;
  // A long 0U list makes the picture taller than the rack, never clipped.
  const auto rows = std::max<std::int64_t>(rack.height, static_cast<std::int64_t>(rack.zero_u.size()) + 1);
  const int width = kNumbersPx + kRackPx + side + kMargin, height = static_cast<int>(rows) * kUnitPx + 2 * kMargin;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"" + attr("width", width) +
                    attr("height", height) + " viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\">\n<title>" + html_escape("rack " + rack.name) + "</title>\n" +
                    unit_grid(rack.height);
  for (const auto& p : rack.placed) svg += device_box(devices[p.index], p, rack.height);
  svg += zero_u_column(rack, devices);
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
