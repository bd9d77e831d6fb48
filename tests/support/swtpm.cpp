#include "swtpm.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "attest/util/process.hpp"

namespace attest::testing {

Swtpm::Swtpm(const std::string& dir, const std::string& ca_dir, lab::EkCerts certs)
    : dir_(std::filesystem::absolute(dir).string()), ca_dir_(std::filesystem::absolute(ca_dir).string()) {
  auto started = lab::Swtpm::start(dir_ + "/state", ca_dir_, certs);
  if (!started) throw std::runtime_error("swtpm: " + started.error().message);
  tpm_ = std::move(*started);
}

void Swtpm::reboot() {
  auto cut = run_process({"swtpm_ioctl", "--tcp", "127.0.0.1:" + std::to_string(ctrl_port()), "-i"});
  if (!cut || cut->exit_code != 0) throw std::runtime_error("swtpm_ioctl -i failed");
  if (run_with_tcti(tcti(), "tpm2_startup -c >/dev/null 2>&1") != 0) throw std::runtime_error("tpm2_startup failed");
}

int run_with_tcti(const std::string& tcti, const std::string& command) {
  const std::string full = "TPM2TOOLS_TCTI='" + tcti + "' " + command;
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace attest::testing
