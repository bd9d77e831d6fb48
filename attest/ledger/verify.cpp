// Verification of a ledger's text, top to bottom, stopping at the first line
// that is not what attest would have written at that place in the chain.
#include "attest/ledger/entry.hpp"
#include "attest/ledger/ledger.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/json_members.hpp"

namespace attest::ledger {
namespace {

using nlohmann::ordered_json;
using Reason = std::optional<std::string>;

// The parsed line, or the reason it is not one JSON object. The message names
// the column only: nlohmann's own text quotes the bytes, which may be garbage.
Reason parse_line(std::string_view line, ordered_json& out) {
  if (line.empty()) return "empty line";
  try {
    out = ordered_json::parse(line);
  } catch (const ordered_json::parse_error& e) {
    return "not JSON (syntax error at column " + std::to_string(e.byte) + ")";
  } catch (const ordered_json::out_of_range&) {
    return std::string("not JSON (a number out of range)");  // e.g. 1e99999: found by fuzz_ledger
  } catch (const ordered_json::exception& e) {
    return "not JSON (error " + std::to_string(e.id) + ")";
  }
  if (!out.is_object()) return "not a JSON object";
  if (auto duplicate = find_duplicate_member(line)) return *duplicate;
  return std::nullopt;
}

// Where line `number` sits in the chain: after `prev_sha256` (the hash of the
// previous line, or the genesis value).
Reason chain_problem(const ordered_json& e, std::size_t number, const std::string& prev_sha256) {
  if (e["prev"] != prev_sha256) {
    if (number == 1) return "prev is not the genesis value (64 zeros): entries before this one were removed?";
    const std::string before = std::to_string(number - 1);
    return "prev does not match line " + before + " (entry removed, inserted or reordered, or line " + before +
           " rewritten?)";
  }
  const auto seq = e["seq"].get<std::uint64_t>();
  if (seq != number) {
    return "seq is " + std::to_string(seq) + ", expected " + std::to_string(number) +
           " (entry rewritten with a recomputed entry_sha256?)";
  }
  return std::nullopt;
}

// Everything one line must satisfy, in the order that gives the most precise reason.
Reason line_problem(std::string_view line, std::size_t number, const std::string& prev_sha256) {
  ordered_json e;
  if (auto bad = parse_line(line, e)) return bad;
  if (auto bad = detail::entry_members_problem(e)) return bad;
  if (detail::entry_text(e) != line) return "not the compact form attest writes (entry edited?)";
  if (e["entry_sha256"] != detail::entry_digest(line)) return "entry_sha256 mismatch (entry edited)";
  return chain_problem(e, number, prev_sha256);
}

LedgerProblem problem_at(std::size_t line, const std::string& reason) {
  return LedgerProblem{line, "line " + std::to_string(line) + ": " + reason};
}

}  // namespace

LedgerState check_ledger_text(std::string_view text) {
  LedgerState state;
  state.head_sha256 = std::string(kGenesisPrev);
  if (text.empty()) {
    state.problem = problem_at(1, "the ledger is empty (attest never writes an empty ledger: every entry removed?)");
    return state;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t number = state.entries + 1;
    if (auto bad = line_problem(line, number, state.head_sha256)) {
      state.problem = problem_at(number, *bad);
      return state;
    }
    if (end == std::string_view::npos) {
      state.problem = problem_at(number, "no newline at the end (truncated write?)");
      return state;
    }
    state.entries = number;
    state.head_sha256 = sha256_hex(line);
    start = end + 1;
  }
  return state;
}

}  // namespace attest::ledger
