#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "attest/util/files.hpp"
#include "ledger_test_util.hpp"

using namespace attest;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test under the build tree.
fs::path test_dir(const std::string& name) {
  const fs::path dir = fs::path(ATTEST_BINARY_DIR) / "test-runs" / "unit-ledger" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string contents(const fs::path& p) {
  auto text = read_file(p.string());
  REQUIRE_MESSAGE(text.ok(), text.error().message);
  return *text;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("append creates a missing ledger, then extends the chain; the result verifies") {
  const fs::path file = test_dir("create") / "ledger.jsonl";
  REQUIRE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(1)).ok());
  CHECK(mode_of(file) == 0644);
  REQUIRE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(2)).ok());
  CHECK(contents(file) == attest::testing::join_lines(attest::testing::ledger_lines(2)));
  auto state = ledger::check_ledger_file(file.string());
  REQUIRE(state.ok());
  CHECK_FALSE(state->problem.has_value());
  CHECK(state->entries == 2);
  // Nothing but the ledger is left in the directory (no temp files).
  CHECK(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()) == 1);
}

TEST_CASE("append refuses a ledger that does not verify and leaves it byte for byte as it was") {
  const fs::path file = test_dir("tampered") / "ledger.jsonl";
  auto lines = attest::testing::ledger_lines(3);
  std::swap(lines[0], lines[1]);
  const std::string tampered = attest::testing::join_lines(lines);
  write(file, tampered);
  const auto st = ledger::append_ledger_entry(file.string(), attest::testing::run_entry(4));
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::input);
  CHECK(st.error().message == file.string() + ": line 1: prev is not the genesis value (64 zeros): entries before "
                                              "this one were removed?; not appending");
  CHECK(contents(file) == tampered);
}

TEST_CASE("append refuses an empty ledger file and one that is not JSON Lines at all") {
  const fs::path dir = test_dir("unparseable");
  write(dir / "empty.jsonl", "");
  CHECK(ledger::append_ledger_entry((dir / "empty.jsonl").string(), attest::testing::run_entry(1)).error().message ==
        (dir / "empty.jsonl").string() +
            ": line 1: the ledger is empty (attest never writes an empty ledger: every entry removed?); not appending");
  write(dir / "report.json", "{\n  \"schema\": \"attest.report/v1\"\n}\n");
  CHECK(ledger::append_ledger_entry((dir / "report.json").string(), attest::testing::run_entry(1))
            .error()
            .message.find(": line 1: not JSON") != std::string::npos);
  CHECK(contents(dir / "empty.jsonl").empty());
}

TEST_CASE("append keeps the ledger's file mode") {
  const fs::path file = test_dir("mode") / "ledger.jsonl";
  REQUIRE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(1)).ok());
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  REQUIRE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(2)).ok());
  CHECK(mode_of(file) == 0600);
}

TEST_CASE("concurrent appends to one ledger lose no entry and keep the chain") {
  const fs::path file = test_dir("concurrent") / "ledger.jsonl";
  constexpr int kPerWriter = 15;
  auto writer = [&](int base) {
    for (int i = 0; i < kPerWriter; ++i) CHECK(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(base + i)).ok());
  };
  std::thread a(writer, 0), b(writer, 100);
  a.join();
  b.join();
  auto state = ledger::check_ledger_file(file.string());
  REQUIRE(state.ok());
  CHECK_FALSE(state->problem.has_value());
  CHECK(state->entries == 2 * kPerWriter);
}

TEST_CASE("a ledger over the size cap is refused before it is read") {
  const fs::path file = test_dir("cap") / "ledger.jsonl";
  write(file, "");
  fs::resize_file(file, ledger::kMaxLedgerBytes + 1);  // sparse: no disk used
  const auto state = ledger::check_ledger_file(file.string());
  REQUIRE_FALSE(state.ok());
  CHECK(state.error().message == file.string() + ": 268435457 bytes is over the ledger cap of 256 MiB; archive it and "
                                                 "start a new ledger");
  CHECK_FALSE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(1)).ok());
}

TEST_CASE("a missing ledger or a directory is an error, not a verdict") {
  const fs::path dir = test_dir("unreadable");
  auto missing = ledger::check_ledger_file((dir / "nope.jsonl").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::io);
  CHECK(missing.error().message.find("nope.jsonl") != std::string::npos);
  CHECK_FALSE(ledger::check_ledger_file(dir.string()).ok());
  CHECK_FALSE(ledger::append_ledger_entry((dir / "no-such-dir" / "ledger.jsonl").string(), attest::testing::run_entry(1)).ok());
}

TEST_CASE("append with an expected head refuses when another run appended in between") {
  const fs::path file = test_dir("expected-head") / "ledger.jsonl";
  auto first = attest::testing::run_entry(1);
  first.expected_prev = std::string(ledger::kGenesisPrev);
  REQUIRE(ledger::append_ledger_entry(file.string(), first).ok());
  auto head = ledger::check_ledger_file(file.string());
  REQUIRE(head.ok());
  // This run read the head, then another run appended before it finished.
  auto mine = attest::testing::run_entry(3);
  mine.expected_prev = head->head_sha256;
  REQUIRE(ledger::append_ledger_entry(file.string(), attest::testing::run_entry(2)).ok());
  const std::string before = contents(file);
  const auto st = ledger::append_ledger_entry(file.string(), mine);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("another run appended meanwhile") != std::string::npos);
  CHECK(contents(file) == before);
  // With the current head it goes in.
  mine.expected_prev = ledger::check_ledger_file(file.string())->head_sha256;
  CHECK(ledger::append_ledger_entry(file.string(), mine).ok());
}
