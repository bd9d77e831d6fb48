#include "attest/lab/snmpd.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <thread>

#include "attest/util/files.hpp"

namespace attest::lab {
namespace fs = std::filesystem;
namespace {

constexpr auto kStartWait = std::chrono::seconds(5);

// A UDP socket bound to address:port; -1 and errno when the bind failed.
int bind_udp(const std::string& address, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

// A port the kernel calls free on `address` (port 0 in the spec).
Result<std::uint16_t> free_port(const std::string& address) {
  const int fd = bind_udp(address, 0);
  if (fd < 0) return make_error(ErrorKind::io, "no free UDP port on " + address);
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return static_cast<std::uint16_t>(ntohs(a.sin_port));
}

// snmpd listens once the port is taken (EADDRINUSE for us).
bool listening(const std::string& address, std::uint16_t port) {
  const int fd = bind_udp(address, port);
  if (fd >= 0) {
    ::close(fd);
    return false;
  }
  return errno == EADDRINUSE;
}

// The config keeps sysDescr one line: snmpd.conf has no quoting for newlines.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

void add_access(std::string& conf, const SnmpSpec& spec) {
  for (std::size_t i = 0; i < spec.communities.size(); ++i) {
    const std::string sec = "lab" + std::to_string(i);
    conf += "com2sec " + sec + " default " + spec.communities[i] + "\n";
    if (spec.v1) conf += "group labgroup v1 " + sec + "\n";
    if (spec.v2c) conf += "group labgroup v2c " + sec + "\n";
  }
  conf += "view labview included .1\n";
  conf += "access labgroup \"\" any noauth exact labview none none\n";
}

// Runs in the forked child: only async-signal-safe calls until exec, so
// the argument and environment arrays are built before the fork.
[[noreturn]] void exec_child(char* const* argv, char* const* envp, const char* log, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the lab died before prctl
  // The lab blocks SIGTERM/SIGINT/SIGUSR1 for its sigwait(); a blocked mask
  // survives exec, and snmpd would then ignore the SIGTERM that stops it
  // (each stop waited out its grace, then SIGKILL).
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  const int out = ::open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out >= 0) { ::dup2(out, 1); ::dup2(out, 2); }
  if (null >= 0) ::dup2(null, 0);
  ::execvpe(argv[0], argv, envp);
  ::_exit(127);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

bool reaped(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, WNOHANG) == pid;
}

Result<std::string> make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "attest-lab-snmpd-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return make_error(ErrorKind::io, "mkdtemp: " + std::string(strerror(errno)));
  return pattern;
}

}  // namespace

std::string Snmpd::config(const std::string& address, std::uint16_t port, const SnmpSpec& spec,
                          const std::string& sys_descr) {
  std::string conf = "agentAddress udp:" + address + ":" + std::to_string(port) + "\n";
  conf += "sysDescr " + one_line(sys_descr) + "\n";
  conf += "sysObjectID .1.3.6.1.4.1.8072.3.2.10\n";
  add_access(conf, spec);
  return conf;
}

Result<std::unique_ptr<Snmpd>> Snmpd::start(const std::string& address, const SnmpSpec& spec,
                                             const std::string& sys_descr) {
  std::uint16_t port = spec.port;
  if (port == 0) {
    auto p = free_port(address);
    if (!p) return p.error();
    port = *p;
  }
  auto dir = make_temp_dir();
  if (!dir) return dir.error();
  const std::string conf = *dir + "/snmpd.conf";
  if (auto s = write_file_atomic(conf, config(address, port, spec, sys_descr), 0600); !s) return s.error();
  // -C: this config only (no /etc/snmp); -I -smux...: no SMUX listener on
  // TCP 199 and no trigger tables, which several agents on one host would
  // fight over; -Lo: log to stdout, kept in the temp dir.
  const std::vector<std::string> argv = {"snmpd", "-f", "-Lo", "-C", "-c", conf, "-I", "-smux,mteTrigger,mteTriggerConf",
                                         "-p", *dir + "/snmpd.pid"};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  // Its own persistent dir, never /var/lib/snmp; not the config's dir
  // either: snmpd saves its state there as "snmpd.conf".
  env.push_back("SNMP_PERSISTENT_DIR=" + *dir + "/state");
  env.push_back("MIBS=");  // no MIB files to load: GETs by OID need none
  const std::vector<char*> c_argv = c_strings(argv), c_env = c_strings(env);
  const std::string log_path = *dir + "/snmpd.log";
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return make_error(ErrorKind::io, "fork: " + std::string(strerror(errno)));
  if (pid == 0) exec_child(c_argv.data(), c_env.data(), log_path.c_str(), parent);
  std::unique_ptr<Snmpd> agent(new Snmpd(*dir, port, pid));
  const auto until = std::chrono::steady_clock::now() + kStartWait;
  while (!listening(address, port)) {
    if (reaped(pid)) {
      agent->pid_ = -1;
      auto log = read_file(log_path, 4096);
      return make_error(ErrorKind::io, "snmpd on " + address + ":" + std::to_string(port) +
                                           " exited: " + (log ? one_line(*log) : std::string("no log")));
    }
    if (std::chrono::steady_clock::now() > until) {
      return make_error(ErrorKind::timeout, "snmpd on " + address + ":" + std::to_string(port) + " did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return agent;
}

Snmpd::~Snmpd() {
  if (pid_ > 0) {
    ::kill(pid_, SIGCONT);  // a test may have stopped it
    ::kill(pid_, SIGTERM);
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
      gone = reaped(pid_);
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!gone) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace attest::lab
