#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "attest/util/files.hpp"

using namespace attest;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "attest-files-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    const std::string file = path + "/" + name;
    std::ofstream(file) << text;
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    return file;
  }
  std::string path;
};

constexpr uid_t kNobody = 65534;

}  // namespace

TEST_CASE("a regular file is read whole, within its size cap") {
  TempDir dir;
  const auto file = dir.write("a.json", "{\"a\": 1}");
  auto text = read_file(file);
  REQUIRE(text);
  CHECK(*text == "{\"a\": 1}");
  auto capped = read_file(file, 4);
  REQUIRE_FALSE(capped);
  CHECK(capped.error().kind == ErrorKind::input);
  CHECK(capped.error().message == file + ": larger than the limit of 4 bytes");
}

TEST_CASE("a FIFO without a writer is refused at once instead of blocking") {
  TempDir dir;
  const std::string fifo = dir.path + "/inventory.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = std::chrono::steady_clock::now();
  auto text = read_file(fifo);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  REQUIRE_FALSE(text);
  CHECK(text.error().kind == ErrorKind::input);
  CHECK(text.error().message == fifo + ": is a FIFO, not a regular file");
}

TEST_CASE("a directory and a character device are refused as input files") {
  TempDir dir;
  auto d = read_file(dir.path);
  REQUIRE_FALSE(d);
  CHECK(d.error().message == dir.path + ": is a directory, not a regular file");
  auto dev = read_file("/dev/null");
  REQUIRE_FALSE(dev);
  CHECK(dev.error().message == "/dev/null: is a character device, not a regular file");
}

TEST_CASE("a private file must be mode 0600 or stricter") {
  TempDir dir;
  const auto file = dir.write("secrets.json", "{}", 0640);
  auto open = read_private_file(file, 1024, "secrets files");
  REQUIRE_FALSE(open);
  CHECK(open.error().kind == ErrorKind::input);
  CHECK(open.error().message == file + ": mode 0640 is too open; secrets files must be 0600 (chmod 600 " + file + ")");
  REQUIRE(::chmod(file.c_str(), 0400) == 0);
  auto ok = read_private_file(file, 1024, "secrets files");
  REQUIRE(ok);
  CHECK(*ok == "{}");
}

TEST_CASE("a private file owned by another user is refused, also behind a link") {
  if (::geteuid() != 0) return;  // only root can give a file away (CI runs as root)
  TempDir dir;
  const auto target = dir.write("theirs.json", "{}", 0600);
  REQUIRE(::chown(target.c_str(), kNobody, static_cast<gid_t>(-1)) == 0);
  auto direct = read_private_file(target, 1024, "secrets files");
  REQUIRE_FALSE(direct);
  CHECK(direct.error().message == target + ": owned by uid 65534; secrets files must be owned by uid 0 (the invoking user) or root");
  const std::string link = dir.path + "/secrets.json";
  fs::create_symlink(target, link);
  auto via_link = read_private_file(link, 1024, "secrets files");
  REQUIRE_FALSE(via_link);
  CHECK(via_link.error().message == link + ": owned by uid 65534; secrets files must be owned by uid 0 (the invoking user) or root");
}

TEST_CASE("a symbolic link owned by another user is refused even when its target is ours") {
  if (::geteuid() != 0) return;
  TempDir dir;
  const auto target = dir.write("ours.json", "{}", 0600);
  const std::string link = dir.path + "/secrets.json";
  fs::create_symlink(target, link);
  REQUIRE(::lchown(link.c_str(), kNobody, static_cast<gid_t>(-1)) == 0);
  auto r = read_private_file(link, 1024, "secrets files");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == link + ": symbolic link owned by uid 65534; secrets files must be reached through links "
                                    "owned by uid 0 (the invoking user) or root");
}
