#include <doctest/doctest.h>

#include <regex>

#include "ledger_test_util.hpp"

using namespace attest;
using attest::testing::join_lines;
using attest::testing::ledger_lines;
using attest::testing::ledger_reason;

namespace {

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("an intact ledger verifies and reports its entry count and head hash") {
  const auto lines = ledger_lines(4);
  const auto state = ledger::check_ledger_text(join_lines(lines));
  CHECK_FALSE(state.problem.has_value());
  CHECK(state.entries == 4);
  CHECK(state.head_sha256 == sha256_hex(lines[3]));
}

TEST_CASE("each line is chained to the exact bytes of the line before it, the first to 64 zeros") {
  const auto lines = ledger_lines(3);
  const auto first = nlohmann::ordered_json::parse(lines[0]);
  const auto third = nlohmann::ordered_json::parse(lines[2]);
  CHECK(first["schema"] == "attest.ledger/v1");
  CHECK(first["seq"] == 1);
  CHECK(first["prev"] == std::string(64, '0'));
  CHECK(third["seq"] == 3);
  CHECK(third["prev"] == sha256_hex(lines[1]));
  CHECK(third["summary"]["pass"] == 9);
}

TEST_CASE("entry_sha256 is the SHA-256 of the line without its entry_sha256 member, as an auditor recomputes it") {
  for (const auto& line : ledger_lines(2)) {
    const std::string body = std::regex_replace(line, std::regex(R"(,"entry_sha256":"[0-9a-f]{64}"\}$)"), "}");
    REQUIRE(body.size() + 82 == line.size());
    CHECK(nlohmann::ordered_json::parse(line)["entry_sha256"] == sha256_hex(body));
  }
}

TEST_CASE("an edited field is caught on its own line") {
  auto lines = ledger_lines(4);
  lines[1] = replace_once(lines[1], R"("pass":8)", R"("pass":9)");
  CHECK(ledger_reason(join_lines(lines)) == "line 2: entry_sha256 mismatch (entry edited)");
}

TEST_CASE("an entry rewritten with a recomputed entry_sha256 breaks the next line's prev") {
  auto lines = ledger_lines(4);
  auto forged = attest::testing::run_entry(2);
  forged.summary["fail"] = 0;
  lines[1] = *ledger::make_ledger_line(forged, 2, sha256_hex(lines[0]));
  CHECK(ledger_reason(join_lines(lines)) ==
        "line 3: prev does not match line 2 (entry removed, inserted or reordered, or line 2 rewritten?)");
}

TEST_CASE("a removed line is caught at the line that now follows the gap") {
  auto lines = ledger_lines(4);
  lines.erase(lines.begin() + 1);
  CHECK(ledger_reason(join_lines(lines)).starts_with("line 2: prev does not match line 1"));
}

TEST_CASE("removing the first entries is caught: the new first line does not start the chain") {
  auto lines = ledger_lines(3);
  lines.erase(lines.begin());
  CHECK(ledger_reason(join_lines(lines)) ==
        "line 1: prev is not the genesis value (64 zeros): entries before this one were removed?");
}

TEST_CASE("an inserted line is caught, even a genuine entry copied from elsewhere") {
  auto lines = ledger_lines(4);
  lines.insert(lines.begin() + 2, lines[1]);
  CHECK(ledger_reason(join_lines(lines)).starts_with("line 3: prev does not match line 2"));
}

TEST_CASE("reordered lines are caught at the first one out of place") {
  auto lines = ledger_lines(4);
  std::swap(lines[1], lines[2]);
  CHECK(ledger_reason(join_lines(lines)).starts_with("line 2: prev does not match line 1"));
}

TEST_CASE("a last line rewritten with another seq and a recomputed entry_sha256 is caught by seq") {
  auto lines = ledger_lines(4);
  lines[3] = *ledger::make_ledger_line(attest::testing::run_entry(4), 9, sha256_hex(lines[2]));
  CHECK(ledger_reason(join_lines(lines)) ==
        "line 4: seq is 9, expected 4 (entry rewritten with a recomputed entry_sha256?)");
}

TEST_CASE("a truncated last line is not JSON; a missing final newline is a truncated write") {
  const auto lines = ledger_lines(4);
  const std::string text = join_lines(lines);
  CHECK(ledger_reason(text.substr(0, text.size() - 40)).starts_with("line 4: not JSON (syntax error at column "));
  CHECK(ledger_reason(text.substr(0, text.size() - 1)) == "line 4: no newline at the end (truncated write?)");
}

TEST_CASE("garbage, blank and non-object lines are named by line number") {
  auto lines = ledger_lines(4);
  auto garbage = lines;
  garbage[2] = "\x01\xff not a ledger entry";
  CHECK(ledger_reason(join_lines(garbage)) == "line 3: not JSON (syntax error at column 1)");
  auto blank = lines;
  blank.insert(blank.begin() + 2, "");
  CHECK(ledger_reason(join_lines(blank)) == "line 3: empty line");
  auto array = lines;
  array[0] = "[1,2]";
  CHECK(ledger_reason(join_lines(array)) == "line 1: not a JSON object");
  // Found by fuzz_ledger: nlohmann reports a number overflow as out_of_range, not parse_error.
  auto overflow = lines;
  overflow[3] = replace_once(overflow[3], R"("devices":18)", R"("devices":1e99999)");
  CHECK(ledger_reason(join_lines(overflow)) == "line 4: not JSON (a number out of range)");
}

TEST_CASE("an empty ledger does not verify: attest never writes one") {
  CHECK(ledger_reason("").starts_with("line 1: the ledger is empty"));
  CHECK(ledger_reason("\n") == "line 1: empty line");
}

TEST_CASE("the same JSON in another layout is refused: only the bytes attest writes verify") {
  auto lines = ledger_lines(2);
  auto spaced = lines;
  spaced[1] = replace_once(spaced[1], R"("seq":2,)", R"("seq": 2,)");
  CHECK(ledger_reason(join_lines(spaced)) == "line 2: not the compact form attest writes (entry edited?)");
  // A duplicate member would let two readers see two different values.
  auto duplicate = lines;
  duplicate[1] = replace_once(duplicate[1], R"("site":"demo-dc1",)", R"("site":"demo-dc1","site":"other",)");
  CHECK(ledger_reason(join_lines(duplicate)) == "line 2: /site: duplicate member \"site\"");
}

TEST_CASE("members must be the attest.ledger/v1 ones, in order, with their formats") {
  const auto lines = ledger_lines(1);
  const auto reason_for = [&](const std::string& from, const std::string& to) {
    return ledger_reason(replace_once(lines[0], from, to) + "\n");
  };
  CHECK(reason_for(R"("attest.ledger/v1")", R"("attest.ledger/v2")") ==
        R"(line 1: schema is "attest.ledger/v2", expected "attest.ledger/v1")");
  CHECK(reason_for(R"("seq":1)", R"("seq":0)") == "line 1: seq must be a positive integer");
  CHECK(reason_for(R"("site":)", R"("city":)") == "line 1: member 5 is 'city', expected 'site'");
  CHECK(reason_for(R"(,"report_path":"/var/lib/attest/run-1/report.json")", "") ==
        "line 1: member 7 is 'db_manifest_sha256', expected 'report_path'");
  CHECK(reason_for(R"("summary":{)", R"("summary":[],"x":{)") == "line 1: member 10 is 'x', expected 'entry_sha256'");
}

TEST_CASE("make_ledger_line refuses inputs that would not verify") {
  auto in = attest::testing::run_entry(1);
  const std::string genesis(ledger::kGenesisPrev);
  auto bad_digest = in;
  bad_digest.report_sha256 = "ABC";
  CHECK(ledger::make_ledger_line(bad_digest, 1, genesis).error().message ==
        "ledger entry: report_sha256 must be 64 lower-case hex digits");
  auto no_site = in;
  no_site.site.clear();
  CHECK_FALSE(ledger::make_ledger_line(no_site, 1, genesis).ok());
  auto list_summary = in;
  list_summary.summary = nlohmann::ordered_json::array();
  CHECK(ledger::make_ledger_line(list_summary, 1, genesis).error().message == "ledger entry: summary must be an object");
  CHECK_FALSE(ledger::make_ledger_line(in, 0, genesis).ok());
  CHECK_FALSE(ledger::make_ledger_line(in, 1, "zz").ok());
}

TEST_CASE("an unsigned DB (empty manifest digest) and invalid UTF-8 in a field still give a verifying entry") {
  auto in = attest::testing::run_entry(1);
  in.db_manifest_sha256 = "";
  in.site = "dc\xff" "1";
  auto line = ledger::make_ledger_line(in, 1, ledger::kGenesisPrev);
  REQUIRE(line.ok());
  CHECK(line->find("dc\xef\xbf\xbd" "1") != std::string::npos);  // U+FFFD
  CHECK(ledger_reason(*line + "\n").empty());
}
