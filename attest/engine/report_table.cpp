// The readable table of a run: what an engineer reads at the end of `attest
// rack`, so its columns follow the names the inventory uses, and it closes
// with the counts.
#include <algorithm>
#include <array>
#include <optional>
#include <sstream>

#include "attest/engine/report.hpp"
#include "attest/util/human.hpp"
#include "attest/util/text.hpp"

namespace attest {
namespace {

// A column grows to its longest cell up to this: one odd inventory entry must
// not push every other row off the screen.
constexpr std::size_t kMaxColumn = 64;
// Reasons wrap instead of being cut; a device's detail is capped already
// (sanitize_evidence), this bounds what one row may take of a screen.
constexpr std::size_t kMaxReason = 2000;
constexpr std::size_t kMinReasonWidth = 30;
constexpr const char* kGap = "  ";

// The cells of one device, terminal-safe already.
struct Row {
  std::array<std::string, 4> cells;  // device, rack/U, profile, verdict
  std::string reason;
};

Row row_of(const DeviceResult& r) {
  const std::string unit = r.device.mount == Mount::zero_u ? "0U" : std::to_string(r.device.position_u);
  const std::string rack_u = r.device.rack + "/" + unit;
  return Row{{terminal_text(r.device.name), terminal_text(rack_u), terminal_text(r.device.profile),
              to_string(r.assessment.verdict)},
             blocking_reason(r.assessment, kMaxReason)};
}

std::string padded(const std::string& clean, std::size_t width) {
  std::string s = truncate_code_points(clean, width);
  s.append(width - count_code_points(s), ' ');
  return s + kGap;
}

const Finding* first_blocking(const DeviceAssessment& a) {
  for (auto status : {CheckStatus::fail, CheckStatus::error})
    for (const auto& f : a.findings)
      if (f.status == status) return &f;
  return nullptr;
}

// Bytes of the first `n` code points of valid UTF-8.
std::size_t prefix_bytes(std::string_view clean, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < clean.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(clean[i]) & 0xC0) != 0x80;
    if (lead && seen++ == n) break;
  }
  return i;
}

// Appends `word` to the lines, starting a new line when it does not fit and
// splitting it when it is longer than a line.
void place_word(std::string_view word, std::size_t width, std::vector<std::string>& lines) {
  std::size_t used = count_code_points(lines.back());
  if (used > 0 && used + 1 + count_code_points(word) > width) {
    lines.emplace_back();
    used = 0;
  }
  if (used > 0) lines.back() += ' ', ++used;
  while (used + count_code_points(word) > width) {
    const std::size_t cut = prefix_bytes(word, width - used);
    lines.back() += word.substr(0, cut);
    word.remove_prefix(cut);
    lines.emplace_back();
    used = 0;
  }
  lines.back() += word;
}

std::optional<Millis> run_time(const RunReport& report) {
  const auto started = parse_rfc3339_utc_millis(report.started);
  const auto finished = parse_rfc3339_utc_millis(report.finished);
  if (!started || !finished || *finished < *started) return std::nullopt;
  return Millis(*finished - *started);
}

}  // namespace

std::string blocking_reason(const DeviceAssessment& assessment, std::size_t max_code_points) {
  const Finding* f = first_blocking(assessment);
  return truncate_code_points(terminal_text(f ? f->check + ": " + f->detail : "all checks passed"), max_code_points);
}

std::vector<std::string> wrap_text(std::string_view clean, std::size_t width) {
  width = std::max<std::size_t>(width, 1);
  std::vector<std::string> lines(1);
  while (!clean.empty()) {
    const std::size_t space = clean.find(' ');
    const std::string_view word = clean.substr(0, space);
    if (!word.empty()) place_word(word, width, lines);
    clean.remove_prefix(space == std::string_view::npos ? clean.size() : space + 1);
  }
  return lines;
}

std::string summary_line(const RunReport& report) {
  std::size_t pass = 0, fail = 0, error = 0;
  for (const auto& r : report.devices) {
    switch (r.assessment.verdict) {
      case Verdict::pass: ++pass; break;
      case Verdict::fail: ++fail; break;
      case Verdict::error: ++error; break;
    }
  }
  const std::size_t n = report.devices.size();
  std::string s = group_thousands(n) + (n == 1 ? " device: " : " devices: ") + group_thousands(pass) + " pass, " +
                  group_thousands(fail + error) + " blocked";
  if (fail + error > 0) s += " (" + group_thousands(fail) + " fail, " + group_thousands(error) + " error)";
  if (const auto took = run_time(report)) s += " in " + human_duration(*took);
  if (report.partial) s += " (partial: interrupted)";
  return s;
}

std::string render_table(const RunReport& report, std::size_t width) {
  const Row header{{"DEVICE", "RACK/U", "PROFILE", "VERDICT"}, "REASON"};
  std::vector<Row> rows;
  rows.reserve(report.devices.size());
  for (const auto& r : report.devices) rows.push_back(row_of(r));
  std::array<std::size_t, 4> widths{};
  for (std::size_t c = 0; c < widths.size(); ++c) {
    widths[c] = count_code_points(header.cells[c]);
    for (const auto& row : rows) widths[c] = std::max(widths[c], count_code_points(row.cells[c]));
    widths[c] = std::min(widths[c], kMaxColumn);
  }
  std::size_t indent = 0;
  for (auto w : widths) indent += w + std::char_traits<char>::length(kGap);
  const std::size_t reason_width = std::max(kMinReasonWidth, width > indent ? width - indent : 0);
  std::ostringstream out;
  auto print = [&](const Row& row) {
    for (std::size_t c = 0; c < widths.size(); ++c) out << padded(row.cells[c], widths[c]);
    const auto lines = wrap_text(row.reason, reason_width);
    for (std::size_t i = 0; i < lines.size(); ++i) out << (i ? std::string(indent, ' ') : "") << lines[i] << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
  out << summary_line(report) << "\n";
  return out.str();
}

}  // namespace attest
