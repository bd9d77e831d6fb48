#include "swtpm.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace attest::testing {
namespace fs = std::filesystem;
namespace {

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

bool port_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// Two consecutive free ports (server, ctrl), picked from a pid-dependent range.
int pick_ports() {
  for (int i = 0; i < 2000; ++i) {
    const int p = 20000 + (static_cast<int>(::getpid()) * 7 + i * 2) % 30000;
    if (port_free(p) && port_free(p + 1)) return p;
  }
  throw std::runtime_error("no free port pair for swtpm");
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

void write_configs(const std::string& dir, const std::string& ca_dir) {
  write_text(fs::path(dir) / "swtpm_setup.conf",
             "create_certs_tool = /usr/bin/swtpm_localca\n"
             "create_certs_tool_config = " + dir + "/localca.conf\n"
             "create_certs_tool_options = " + dir + "/localca.options\n"
             "active_pcr_banks = sha256\n");
  write_text(fs::path(dir) / "localca.conf",
             "statedir = " + ca_dir + "\nsigningkey = " + ca_dir + "/signkey.pem\nissuercert = " + ca_dir +
                 "/issuercert.pem\ncertserial = " + ca_dir + "/certserial\n");
  write_text(fs::path(dir) / "localca.options",
             "--platform-manufacturer attest-lab\n--platform-version 2.1\n--platform-model lab\n");
}

}  // namespace

Swtpm::Swtpm(const std::string& dir, const std::string& ca_dir) : dir_(dir), ca_dir_(ca_dir) {
  fs::create_directories(fs::path(dir) / "state");
  fs::create_directories(ca_dir);
  write_configs(dir, ca_dir);
  run_or_throw("swtpm_setup --tpm2 --tpmstate " + dir + "/state --config " + dir +
               "/swtpm_setup.conf --create-ek-cert --create-platform-cert --lock-nvram --pcr-banks sha1,sha256"
               " --write-ek-cert-files " + dir + "/state --overwrite >" + dir + "/setup.log 2>&1");
  start();
}

void Swtpm::start() {
  port_ = pick_ports();
  pid_ = ::fork();
  if (pid_ == 0) {
    const std::string server = "type=tcp,port=" + std::to_string(port_) + ",bindaddr=127.0.0.1";
    const std::string ctrl = "type=tcp,port=" + std::to_string(port_ + 1) + ",bindaddr=127.0.0.1";
    const std::string state = "dir=" + dir_ + "/state";
    ::execlp("swtpm", "swtpm", "socket", "--tpm2", "--tpmstate", state.c_str(), "--server", server.c_str(),
             "--ctrl", ctrl.c_str(), "--flags", "not-need-init,startup-clear", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 200 && !accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!accepts(port_)) throw std::runtime_error("swtpm did not start on port " + std::to_string(port_));
}

Swtpm::~Swtpm() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string Swtpm::tcti() const { return "swtpm:host=127.0.0.1,port=" + std::to_string(port_); }
std::string Swtpm::root_ca_pem() const { return ca_dir_ + "/swtpm-localca-rootca-cert.pem"; }
std::string Swtpm::issuer_ca_pem() const { return ca_dir_ + "/issuercert.pem"; }
std::string Swtpm::ek_rsa_cert_path() const { return dir_ + "/state/ek-rsa2048.crt"; }
std::string Swtpm::ek_ecc_cert_path() const { return dir_ + "/state/ek-secp384r1.crt"; }

void Swtpm::reboot() {
  run_or_throw("swtpm_ioctl --tcp 127.0.0.1:" + std::to_string(ctrl_port()) + " -i >/dev/null");
  if (run_with_tcti(tcti(), "tpm2_startup -c >/dev/null 2>&1") != 0) throw std::runtime_error("tpm2_startup failed");
}

int run_with_tcti(const std::string& tcti, const std::string& command) {
  const std::string full = "TPM2TOOLS_TCTI='" + tcti + "' " + command;
  const int status = std::system(full.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace attest::testing
