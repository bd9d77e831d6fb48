// Helpers for the agent tests: a fresh directory per test, files of bytes,
// and shell commands (stock tpm2-tools / openssl) with captured output.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "attest/tpm/agent/agent.hpp"
#include "swtpm.hpp"

namespace attest::testing {

inline std::filesystem::path fresh_dir(const std::string& name) {
  ::setenv("TSS2_LOG", "all+none", 0);  // expected TPM errors would flood the test output
  const auto dir = std::filesystem::path(ATTEST_BINARY_DIR) / "test-runs" / ("agent-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_bytes(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// stdout of `command` (run by /bin/sh); `status` gets its exit status.
inline std::string capture(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int st = ::pclose(pipe);
  if (status) *status = st;
  return out;
}

// One manufactured swtpm per test, in its own directory.
struct AgentTpm {
  explicit AgentTpm(const std::string& name)
      : dir(fresh_dir(name)), tpm(dir.string() + "/tpm", dir.string() + "/ca") {
    options.tcti = tpm.tcti();
  }
  std::filesystem::path dir;
  Swtpm tpm;
  tpm::AgentOptions options;
};

}  // namespace attest::testing
