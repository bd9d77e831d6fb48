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

#include <doctest/doctest.h>
#include <tss2/tss2_mu.h>

#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/marshal.hpp"
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

inline TPM2B_PUBLIC public_of(const Bytes& marshaled) {
  auto pub = tpm::unmarshal(marshaled, Tss2_MU_TPM2B_PUBLIC_Unmarshal, "TPM2B_PUBLIC");
  REQUIRE(pub.ok());
  return *pub;
}

// tpm2_makecredential -o writes magic 0xBADCC0DE, version 1, then the
// marshaled TPM2B_ID_OBJECT and TPM2B_ENCRYPTED_SECRET (tools/tpm2_makecredential.c).
inline std::pair<Bytes, Bytes> split_credential_file(const Bytes& file) {
  REQUIRE(file.size() > 8);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 8)) == "badcc0de00000001");
  const std::size_t blob_size = 2 + (std::size_t{file[8]} << 8 | file[9]);
  REQUIRE(file.size() > 8 + blob_size);
  return {Bytes(file.begin() + 8, file.begin() + static_cast<long>(8 + blob_size)),
          Bytes(file.begin() + static_cast<long>(8 + blob_size), file.end())};
}

// Stock tpm2_makecredential (offline, -T none) for the EK in `ek_pub_path`
// (a TPM2B_PUBLIC file) and `ak_name`: the credential blob and encrypted seed.
inline std::pair<Bytes, Bytes> stock_makecredential(const std::filesystem::path& dir, const std::string& ek_pub_path,
                                                    const Bytes& secret, const Bytes& ak_name) {
  write_bytes(dir / "secret", secret);
  const auto cred = dir / "cred";
  const std::string cmd = "tpm2_makecredential -T none -u " + ek_pub_path + " -s " + (dir / "secret").string() +
                          " -n " + to_hex(ak_name) + " -o " + cred.string() + " >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return split_credential_file(read_bytes(cred));
}

// One manufactured swtpm per test, in its own directory.
struct AgentTpm {
  explicit AgentTpm(const std::string& name, lab::EkCerts certs = lab::EkCerts::swtpm_default)
      : dir(fresh_dir(name)), tpm(dir.string() + "/tpm", dir.string() + "/ca", certs) {
    options.tcti = tpm.tcti();
  }
  std::filesystem::path dir;
  Swtpm tpm;
  tpm::AgentOptions options;
};

}  // namespace attest::testing
