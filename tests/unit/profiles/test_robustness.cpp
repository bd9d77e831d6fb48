// Parsers face device output we do not control: truncated at any byte,
// random bytes, huge inputs. None of it may crash or hang.
#include <dirent.h>

#include <random>

#include "fixture.hpp"

using namespace attest;

namespace {

std::vector<std::string> fixture_files(const std::string& profile) {
  std::vector<std::string> files;
  const auto dir = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/profiles/" + profile;
  DIR* d = opendir(dir.c_str());
  REQUIRE_MESSAGE(d != nullptr, "no fixture directory " << dir);
  while (const dirent* entry = readdir(d)) {
    const std::string name = entry->d_name;
    if (name != "." && name != ".." && name != "README.md") files.push_back(name);  // README: the sources
  }
  closedir(d);
  return files;
}

// Parses and returns whether it parsed; an error must be a parse error with a message.
bool parses(const Profile& profile, std::string_view capture) {
  auto outputs = split_capture(profile, capture);
  if (!outputs) return false;
  auto chosen = choose_forms(profile, *outputs);
  if (!chosen) {
    CHECK(chosen.error().kind == ErrorKind::parse);
    return false;
  }
  const auto facts = profile.parse(chosen->outputs);
  if (!facts) {
    CHECK(facts.error().kind == ErrorKind::parse);
    CHECK_FALSE(facts.error().message.empty());
  }
  return facts.ok();
}

}  // namespace

TEST_CASE("every profile has at least three fixtures that parse and one that does not") {
  for (const auto& profile : all_profiles()) {
    CAPTURE(profile.name);
    int good = 0;
    int bad = 0;
    for (const auto& file : fixture_files(profile.name)) {
      (parses(profile, test::load_fixture(profile.name, file)) ? good : bad) += 1;
    }
    CHECK(good >= 3);
    CHECK(bad >= 1);
  }
}

TEST_CASE("every prefix of every fixture parses or fails cleanly") {
  for (const auto& profile : all_profiles()) {
    for (const auto& file : fixture_files(profile.name)) {
      const auto text = test::load_fixture(profile.name, file);
      CAPTURE(file);
      // Step through cut points; every byte near the start, then sparser.
      for (std::size_t cut = 0; cut < text.size(); cut += (cut < 256 ? 1 : 37)) {
        (void)parses(profile, std::string_view(text).substr(0, cut));
      }
    }
  }
}

TEST_CASE("random bytes and flipped fixture bytes never crash a parser") {
  std::mt19937 rng(20240319);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const auto& profile : all_profiles()) {
    const auto files = fixture_files(profile.name);
    for (int round = 0; round < 200; ++round) {
      std::string text = test::load_fixture(profile.name, files[static_cast<std::size_t>(round) % files.size()]);
      for (int flips = 0; flips < 8 && !text.empty(); ++flips) {
        const auto at = static_cast<std::size_t>(rng()) % text.size();
        text[at] = static_cast<char>(byte(rng));
      }
      (void)parses(profile, text);
      std::string noise(static_cast<std::size_t>(rng() % 512), '\0');
      for (auto& c : noise) c = static_cast<char>(byte(rng));
      CHECK_FALSE(parses(profile, noise));
    }
  }
}

TEST_CASE("deeply nested JSON is refused before it reaches the JSON library") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const CommandOutputs outputs = {{"show version | json", "{\"a\": " + deep + "}"}};
  const auto facts = test::profile_named("arista-eos").parse(outputs);
  REQUIRE_FALSE(facts.ok());
  CHECK(facts.error().message == "show version | json: JSON nested deeper than 64 levels");
}

TEST_CASE("an output larger than the read cap is refused") {
  const CommandOutputs outputs = {{"show version", std::string((1u << 20) + 1, 'x')}};
  const auto facts = test::profile_named("sonic").parse(outputs);
  REQUIRE_FALSE(facts.ok());
  CHECK(facts.error().message == "show version: output larger than 1048576 bytes");
}
