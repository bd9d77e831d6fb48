#include "sshd_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace attest::test {

namespace fs = std::filesystem;

namespace {

// Fakes the DMI files so the test knows vendor/model/serial; everything else
// runs as asked. An empty command is the interactive shell.
constexpr const char* kForceCommand = R"(#!/bin/sh
case "$SSH_ORIGINAL_COMMAND" in
  "cat /sys/class/dmi/id/sys_vendor") echo "Acme Compute" ;;
  "cat /sys/class/dmi/id/product_name") echo "AC-2000" ;;
  "cat /sys/class/dmi/id/product_serial") echo "SN-TEST-0001" ;;
  "") PS1="${PROMPT:-testhost$ }" exec /bin/sh -i ;;
  *) exec /bin/sh -c "$SSH_ORIGINAL_COMMAND" ;;
esac
)";

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool port_accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  if (::pclose(pipe) != 0) throw std::runtime_error("command failed: " + command);
  return out;
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot pick a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

Sshd::Sshd(const std::string& extra_config, const std::string& host_key_type) : host_key_("host_" + host_key_type) {
  std::string tmpl = (fs::temp_directory_path() / "attest-sshd-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  fs::create_directories("/run/sshd");  // sshd's privilege separation directory
  const std::string d = dir_.string();
  run("ssh-keygen -q -t " + host_key_type + " -N '' -C attest-test-host -f " + d + "/" + host_key_);
  run("ssh-keygen -q -t ed25519 -N '' -C attest-test-user -f " + d + "/user_ed25519");
  fs::copy_file(dir_ / "user_ed25519.pub", dir_ / "authorized_keys");
  write_file(dir_ / "force.sh", kForceCommand);
  port_ = free_port();
  write_file(dir_ / "sshd_config",
             "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\nHostKey " + d + "/" + host_key_ +
                 "\nPidFile " + d + "/sshd.pid\nAuthorizedKeysFile " + d +
                 "/authorized_keys\nUsePAM no\nStrictModes no\nPermitRootLogin yes\n"
                 "PasswordAuthentication yes\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                 "LogLevel DEBUG1\nMaxStartups 100\nForceCommand /bin/sh " +
                 d + "/force.sh\n" + extra_config);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log_path = d + "/sshd.log";
  posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const std::string config = d + "/sshd_config";
  const char* argv[] = {"/usr/sbin/sshd", "-D", "-e", "-f", config.c_str(), nullptr};
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start sshd");
  for (int i = 0; i < 100 && !port_accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!port_accepts(port_)) throw std::runtime_error("sshd did not start: " + log());
}

Sshd::~Sshd() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string Sshd::host_fingerprint() const {
  // "256 SHA256:... comment (ED25519)"
  std::istringstream line(run("ssh-keygen -lf " + (dir_ / (host_key_ + ".pub")).string()));
  std::string bits;
  std::string fingerprint;
  line >> bits >> fingerprint;
  return fingerprint;
}

CollectRequest key_login_request(const Sshd& sshd, const Profile& profile) {
  CollectRequest request;
  request.device.name = "test-device";
  request.device.address = "127.0.0.1";
  request.device.port = sshd.port();
  request.device.host_keys = {sshd.host_fingerprint()};
  request.device.timeouts = Timeouts{Millis(5000), Millis(5000), Millis(5000), Millis(60000)};
  request.profile = &profile;
  request.login = LoginCredential{"site-key", "root", std::nullopt, sshd.user_key(), std::nullopt};
  return request;
}

std::string Sshd::log() const { return read_file(dir_ / "sshd.log"); }

int Sshd::count_log(const std::string& needle) const {
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::istringstream lines(log());
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(needle) != std::string::npos) ++count;
  }
  return count;
}

}  // namespace attest::test
