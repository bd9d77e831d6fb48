#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "attest/cli/state_dir.hpp"

using namespace attest;
using namespace attest::cli;
namespace fs = std::filesystem;

namespace {

std::string temp_dir() {
  std::string t = (fs::temp_directory_path() / "attest-state-XXXXXX").string();
  REQUIRE(::mkdtemp(t.data()) != nullptr);
  return t;
}

}  // namespace

TEST_CASE("the state directory defaults beside the ledger, else beside the output directory") {
  CHECK(default_state_dir("runs/out", "") == "runs/attest-state");
  CHECK(default_state_dir("out/", "") == "./attest-state");
  CHECK(default_state_dir("runs/out", "/var/lib/attest/ledger.jsonl") == "/var/lib/attest/attest-state");
}

TEST_CASE("a second run on the same state directory is refused while the first holds it") {
  const std::string dir = temp_dir() + "/state";
  auto first = StateDir::open(dir);
  REQUIRE(first);
  auto second = StateDir::open(dir);
  REQUIRE_FALSE(second);
  CHECK(second.error().message.find("another attest run holds this state directory") != std::string::npos);
  first->reset();
  CHECK(StateDir::open(dir));
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("the journal is written 0600 and read back by the next run") {
  const std::string dir = temp_dir();
  {
    auto state = StateDir::open(dir);
    REQUIRE(state);
    (*state)->journal().entries.push_back(JournalEntry{"a", "10.0.0.1", 22, "admin", 1800000000, "r1"});
    REQUIRE((*state)->save());
  }
  struct stat st {};
  REQUIRE(::stat((dir + "/attempts.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto again = StateDir::open(dir);
  REQUIRE(again);
  CHECK((*again)->journal().entries.size() == 1);
  fs::remove_all(dir);
}

TEST_CASE("a corrupt journal is refused, never reset") {
  const std::string dir = temp_dir();
  { std::ofstream(dir + "/attempts.json") << "{\"schema\": \"attest.attempts/v1\", \"entries\": ["; }
  fs::permissions(dir + "/attempts.json", fs::perms::owner_read | fs::perms::owner_write);
  auto state = StateDir::open(dir);
  REQUIRE_FALSE(state);
  CHECK(state.error().kind == ErrorKind::input);
  CHECK(state.error().message.find("never reset") != std::string::npos);
  fs::remove_all(dir);
}
