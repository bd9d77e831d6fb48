// Shared helpers for the config loader tests: fixture paths, JSON edits by
// pointer, and a per-test temporary directory.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "attest/config/json_reader.hpp"
#include "attest/util/files.hpp"

namespace attest::testing {

inline std::string source_path(const std::string& relative) { return std::string(ATTEST_SOURCE_DIR) + "/" + relative; }

inline std::string fixture(const std::string& name) {
  auto text = read_file(source_path("tests/fixtures/config/" + name));
  REQUIRE(text.ok());
  return *text;
}

// `text` with the value at `pointer` replaced (or added).
inline std::string with(const std::string& text, const std::string& pointer, const OrderedJson& value) {
  OrderedJson doc = OrderedJson::parse(text);
  doc[OrderedJson::json_pointer(pointer)] = value;
  return doc.dump();
}

// `text` without the member or array item at `pointer`.
inline std::string without(const std::string& text, const std::string& pointer) {
  OrderedJson doc = OrderedJson::parse(text);
  const OrderedJson::json_pointer ptr(pointer);
  OrderedJson& parent = doc[ptr.parent_pointer()];
  if (parent.is_array()) {
    parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
  } else {
    parent.erase(ptr.back());
  }
  return doc.dump();
}

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "attest-config-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `name` (subdirectories created) with permission bits `mode`.
  std::string write(const std::string& name, const std::string& contents, unsigned mode = 0600) const {
    const std::filesystem::path file = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << contents;
    REQUIRE(::chmod(file.c_str(), static_cast<mode_t>(mode)) == 0);
    return file.string();
  }

 private:
  std::string path_;
};

}  // namespace attest::testing
