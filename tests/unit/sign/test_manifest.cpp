#include <sys/stat.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "attest/sign/db_manifest.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/sign/manifest.hpp"
#include "attest/util/digest.hpp"

using namespace attest;
using namespace attest::sign;
namespace fs = std::filesystem;

namespace {

const std::string kDigestA(64, 'a');
const std::string kDigestB(64, 'b');

Manifest two_files() { return Manifest{"keyid", "2026-11-29T10:00:00.000Z", {{"a.json", kDigestA, 3}, {"sub/b.json", kDigestB, 4}}}; }

// A scratch directory removed at scope exit.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("attest-sign-" + std::to_string(::getpid()) + "-" + std::to_string(++count()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  static int& count() { static int n = 0; return n; }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
};

}  // namespace

TEST_CASE("manifest text round-trips and is the canonical signed form") {
  const std::string text = manifest_to_json(two_files());
  auto parsed = parse_manifest(text, "M");
  REQUIRE(parsed);
  CHECK(parsed->files.size() == 2);
  CHECK(parsed->files[1].path == "sub/b.json");
  CHECK(manifest_to_json(*parsed) == text);
}

TEST_CASE("manifest parsing refuses what could escape the DB or hide a file") {
  auto with_path = [](const std::string& p) {
    return std::string(R"({"schema":"attest.db-manifest/v1","files":[{"path":")") + p + R"(","sha256":")" +
           std::string(64, 'a') + R"(","size":1}]})";
  };
  for (const char* bad : {"../etc/passwd", "/abs", "a//b", "./a", "a/", ""}) {
    auto m = parse_manifest(with_path(bad), "M");
    REQUIRE_FALSE(m);
    CHECK(m.error().message.find("/files/0/path") != std::string::npos);
  }
  CHECK_FALSE(parse_manifest(R"({"schema":"other","files":[]})", "M"));
  CHECK_FALSE(parse_manifest("not json", "M"));
  const std::string unsorted = R"({"schema":"attest.db-manifest/v1","files":[{"path":"b","sha256":")" + kDigestA +
                               R"(","size":1},{"path":"a","sha256":")" + kDigestA + R"(","size":1}]})";
  auto m = parse_manifest(unsorted, "M");
  REQUIRE_FALSE(m);
  CHECK(m.error().message.find("sorted and unique") != std::string::npos);
  const std::string upper = R"({"schema":"attest.db-manifest/v1","files":[{"path":"a","sha256":")" +
                            std::string(64, 'A') + R"(","size":1}]})";
  CHECK_FALSE(parse_manifest(upper, "M"));
}

TEST_CASE("manifest differences name every changed, extra and missing file") {
  const Manifest m = two_files();
  CHECK(manifest_differences(m, m.files).empty());
  auto diffs = manifest_differences(m, {{"a.json", kDigestB, 3}, {"new.json", kDigestA, 1}});
  REQUIRE(diffs.size() == 3);
  CHECK(diffs[0].find("a.json: sha256") == 0);
  CHECK(diffs[1].find("new.json: not in the signed manifest") == 0);
  CHECK(diffs[2].find("sub/b.json: in the signed manifest but missing") == 0);
  // The same digest with another size is a change too.
  CHECK(manifest_differences(m, {{"a.json", kDigestA, 99}, m.files[1]}).size() == 1);
}

TEST_CASE("an unsigned DB is read once the same way, marked unsigned") {
  TempDir db;
  db.write("firmware/a.json", "{}");
  db.write("MANIFEST.json", "ignored");
  auto r = read_unsigned_db(db.path.string());
  REQUIRE(r);
  CHECK_FALSE(r->trust.is_signed);
  CHECK(r->files == DbFiles{{"firmware/a.json", "{}"}});
  fs::create_symlink("/etc/hostname", db.path / "firmware" / "link.json");
  CHECK_FALSE(read_unsigned_db(db.path.string()));
}

TEST_CASE("signing then verifying a DB directory; any change is refused") {
  TempDir keys, db;
  const std::string key_path = (keys.path / "db.key").string();
  REQUIRE(generate_key_files(key_path));
  auto key = load_private_key(key_path);
  REQUIRE(key);
  const std::vector<std::string> trusted{public_key_path_for(key_path)};
  db.write("firmware/a.json", "{}");
  db.write("tpm-roots/root.pem", "-----BEGIN CERTIFICATE-----");
  auto manifest = sign_db(db.path.string(), key->get());
  REQUIRE(manifest);
  CHECK(manifest->files.size() == 2);
  auto trust = verify_db(db.path.string(), trusted);
  REQUIRE(trust);
  CHECK(trust->trust.is_signed);
  CHECK(trust->trust.key_id == key_id(key->get()));

  SUBCASE("a changed byte") {
    db.write("firmware/a.json", "{ }");
    auto r = verify_db(db.path.string(), trusted);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("firmware/a.json: sha256") != std::string::npos);
  }
  SUBCASE("an added file, even a hidden one") {
    db.write("firmware/.extra.json", "{}");
    auto r = verify_db(db.path.string(), trusted);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("firmware/.extra.json: not in the signed manifest") != std::string::npos);
  }
  SUBCASE("a symbolic link") {
    fs::create_symlink("/etc/hostname", db.path / "firmware" / "link.json");
    auto r = verify_db(db.path.string(), trusted);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("not a regular file") != std::string::npos);
  }
  SUBCASE("the bytes returned are the bytes verified, and nothing else") {
    CHECK(trust->files == DbFiles{{"firmware/a.json", "{}"}, {"tpm-roots/root.pem", "-----BEGIN CERTIFICATE-----"}});
  }
  SUBCASE("a FIFO in the DB is refused without blocking") {
    REQUIRE(::mkfifo((db.path / "firmware" / "pipe.json").c_str(), 0600) == 0);
    auto r = verify_db(db.path.string(), trusted);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("not a regular file") != std::string::npos);
  }
  SUBCASE("no trusted key, or only another key") {
    CHECK_FALSE(verify_db(db.path.string(), {}));
    const std::string other = (keys.path / "other.key").string();
    REQUIRE(generate_key_files(other));
    auto r = verify_db(db.path.string(), {public_key_path_for(other)});
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("does not verify under any trusted DB key") != std::string::npos);
  }
}
