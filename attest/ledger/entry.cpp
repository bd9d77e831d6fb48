// One ledger entry: its members in their fixed order, their formats, and the
// digest that seals it. The writer and the verifier share these definitions,
// so whatever make_ledger_line writes verifies, and nothing else does.
#include <algorithm>
#include <array>

#include "attest/ledger/entry.hpp"
#include "attest/ledger/ledger.hpp"
#include "attest/util/digest.hpp"

namespace attest::ledger {
namespace detail {
namespace {

using nlohmann::ordered_json;

constexpr std::array<std::string_view, 10> kMembers = {
    "schema", "seq", "prev", "time", "site", "report_sha256", "report_path", "db_manifest_sha256", "summary",
    "entry_sha256"};
// The last member as it appears at the end of a line: ,"entry_sha256":"<64 hex>"}
constexpr std::size_t kEntryMemberSize = std::string_view(R"(,"entry_sha256":"")").size() + 64;

// Text from the file, quoted in a reason: at most 64 bytes of it.
std::string excerpt(const std::string& text) { return text.size() <= 64 ? text : text.substr(0, 64) + "..."; }

// Members must be exactly kMembers, in order: a line is one fixed text.
std::optional<std::string> order_problem(const ordered_json& entry) {
  std::size_t i = 0;
  for (const auto& [key, value] : entry.items()) {
    if (i == kMembers.size()) return "unexpected member '" + excerpt(key) + "' after 'entry_sha256'";
    if (key != kMembers[i]) {
      return "member " + std::to_string(i + 1) + " is '" + excerpt(key) + "', expected '" + std::string(kMembers[i]) + "'";
    }
    ++i;
  }
  if (i < kMembers.size()) return "missing member '" + std::string(kMembers[i]) + "'";
  return std::nullopt;
}

bool non_empty_string(const ordered_json& v) { return v.is_string() && !v.get_ref<const std::string&>().empty(); }

bool is_sha256_hex(const ordered_json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::optional<std::string> entry_members_problem(const ordered_json& e) {
  if (auto order = order_problem(e)) return order;
  if (e["schema"] != kLedgerSchema) return "schema is " + excerpt(e["schema"].dump()) + ", expected \"" + std::string(kLedgerSchema) + "\"";
  if (!e["seq"].is_number_unsigned() || e["seq"].get<std::uint64_t>() == 0) return std::string("seq must be a positive integer");
  if (!is_sha256_hex(e["prev"])) return std::string("prev must be 64 lower-case hex digits");
  for (const char* key : {"time", "site", "report_path"}) {
    if (!non_empty_string(e[key])) return std::string(key) + " must be a non-empty string";
  }
  if (!is_sha256_hex(e["report_sha256"])) return std::string("report_sha256 must be 64 lower-case hex digits");
  const auto& manifest = e["db_manifest_sha256"];
  if (manifest != "" && !is_sha256_hex(manifest)) {
    return std::string("db_manifest_sha256 must be 64 lower-case hex digits, or \"\" for an unsigned DB");
  }
  if (!e["summary"].is_object()) return std::string("summary must be an object");
  if (!is_sha256_hex(e["entry_sha256"])) return std::string("entry_sha256 must be 64 lower-case hex digits");
  return std::nullopt;
}

std::string entry_digest(std::string_view line) {
  if (line.size() <= kEntryMemberSize) return "";
  std::string body(line.substr(0, line.size() - kEntryMemberSize - 1));
  body += '}';
  return sha256_hex(body);
}

std::string entry_text(const ordered_json& entry) {
  // Invalid UTF-8 (a site name from elsewhere) is replaced, not thrown on;
  // what is written is then valid and re-dumps to itself.
  return entry.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace detail

Result<std::string> make_ledger_line(const LedgerEntryInput& in, std::size_t seq, std::string_view prev) {
  nlohmann::ordered_json e;
  e["schema"] = kLedgerSchema;
  e["seq"] = seq;
  e["prev"] = prev;
  e["time"] = in.time;
  e["site"] = in.site;
  e["report_sha256"] = in.report_sha256;
  e["report_path"] = in.report_path;
  e["db_manifest_sha256"] = in.db_manifest_sha256;
  e["summary"] = in.summary;
  e["entry_sha256"] = std::string(64, '0');  // the text's shape, then the real digest
  e["entry_sha256"] = detail::entry_digest(detail::entry_text(e));
  if (auto problem = detail::entry_members_problem(e)) return make_error(ErrorKind::input, "ledger entry: " + *problem);
  return detail::entry_text(e);
}

}  // namespace attest::ledger
