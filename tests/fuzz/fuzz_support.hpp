// Shared by the fuzz targets: views of the input, invariant checks that abort
// (so libFuzzer and the standalone driver both report them as crashes), and
// fixture bytes from the source tree.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::fuzz {

// tss2-mu logs every structure it refuses to stderr: millions of lines under
// a fuzzer. Set before the first unmarshal (tss2 reads it once).
inline const bool kQuietTss2 = (::setenv("TSS2_LOG", "all+none", 1), true);

inline std::span<const std::uint8_t> bytes_of(const std::uint8_t* data, std::size_t size) { return {data, size}; }
inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A broken invariant is a bug like a crash: say which, then abort.
[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, file, line);
  std::abort();
}
#define FUZZ_CHECK(cond) ((cond) ? void(0) : ::attest::fuzz::invariant_failed(#cond, __FILE__, __LINE__))

// A committed fixture (tests/fixtures/...), read once by the target's setup.
inline Bytes fixture(const std::string& relative) {
  auto text = read_file(std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/" + relative);
  if (!text) invariant_failed(text.error().message.c_str(), __FILE__, __LINE__);
  return Bytes(text->begin(), text->end());
}
inline std::string source_path(const std::string& relative) { return std::string(ATTEST_SOURCE_DIR) + "/" + relative; }

}  // namespace attest::fuzz
