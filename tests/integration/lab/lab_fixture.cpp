#include "lab_fixture.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace labtest {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

pid_t spawn_lab(const std::string& dir, bool with_ready, int max_fds = 0) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (max_fds > 0) {
      const rlimit limit{static_cast<rlim_t>(max_fds), static_cast<rlim_t>(max_fds)};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(125);
    }
    const std::string spec = dir + "/lab.json", ready = dir + "/ready.json", stats = dir + "/stats.json",
                      log = dir + "/lab.log";
    if (std::freopen(log.c_str(), "w", stderr) == nullptr) ::_exit(126);
    if (with_ready) {
      ::execl(ATTEST_LAB_EXE, "attest-lab", "--spec", spec.c_str(), "--ready", ready.c_str(), "--stats",
              stats.c_str(), static_cast<char*>(nullptr));
    } else {
      ::execl(ATTEST_LAB_EXE, "attest-lab", "--spec", spec.c_str(), static_cast<char*>(nullptr));
    }
    ::_exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

}  // namespace

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "attest-lab-test-XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  const auto keygen = "ssh-keygen -q -t ed25519 -N '' -C svc -f " + tmpl + "/id_svc";
  REQUIRE(std::system(keygen.c_str()) == 0);
  return tmpl;
}

LabProcess::LabProcess(const std::string& spec_json, const std::string& dir, int max_fds)
    : dir_(dir.empty() ? make_temp_dir() : dir), own_dir_(dir.empty()) {
  std::filesystem::remove(dir_ + "/ready.json");
  spit(dir_ + "/lab.json", spec_json);
  const auto start = std::chrono::steady_clock::now();
  pid_ = spawn_lab(dir_, true, max_fds);
  REQUIRE(pid_ > 0);
  const std::string ready = dir_ + "/ready.json";
  while (!std::filesystem::exists(ready)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL("attest-lab exited early: " << slurp(dir_ + "/lab.log"));
    }
    REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Start-up speed is measured (tests/integration/lab/lab_bench.cpp), not
  // asserted: under ASan on a loaded machine it took up to 1.2 s here.
  ready_ = nlohmann::json::parse(slurp(ready));
}

LabProcess::~LabProcess() {
  if (pid_ > 0) {
    // Still running, or the test would miss a lab that crashed (or tripped a
    // sanitizer) after its last check.
    int status = 0;
    const bool running = ::waitpid(pid_, &status, WNOHANG) == 0;
    CHECK_MESSAGE(running, "attest-lab died during the test: " << log());
    if (running) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ec;
  if (own_dir_) std::filesystem::remove_all(dir_, ec);
}

std::string LabProcess::fingerprint(const std::string& device) const {
  for (const auto& d : ready_["devices"]) {
    if (d["name"] == device) return d["host_key_fingerprint"];
  }
  return {};
}

std::string LabProcess::log() const { return slurp(dir_ + "/lab.log"); }

long LabProcess::cpu_ms() const {
  const std::string stat = slurp("/proc/" + std::to_string(pid_) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) ticks += std::stol(field);  // utime, stime
  }
  return ticks * 1000 / ::sysconf(_SC_CLK_TCK);
}

long LabProcess::threads() const {
  std::istringstream status(slurp("/proc/" + std::to_string(pid_) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::stol(line.substr(8));
  }
  return -1;
}

nlohmann::json LabProcess::stats_file() const {
  return nlohmann::json::parse(slurp(dir_ + "/stats.json"), nullptr, false);
}

nlohmann::json LabProcess::stats() const {
  if (pid_ <= 0) return stats_file();
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const std::int64_t asked = std::int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
  REQUIRE(::kill(pid_, SIGUSR1) == 0);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    auto s = stats_file();
    if (s.is_object() && s.value("taken_at_monotonic_ns", std::int64_t{0}) >= asked) return s;
    REQUIRE(std::chrono::steady_clock::now() < end);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

int LabProcess::terminate(std::chrono::milliseconds limit, std::chrono::milliseconds* took) {
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid_, SIGTERM);
  const int rc = wait_exit(pid_, limit);
  if (took != nullptr) {
    *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  }
  if (rc >= 0) pid_ = -1;
  return rc;
}

RunResult run_lab_expecting_failure(const std::string& spec_json) {
  const std::string dir = make_temp_dir();
  spit(dir + "/lab.json", spec_json);
  const pid_t pid = spawn_lab(dir, false);
  RunResult r;
  r.exit_code = wait_exit(pid, std::chrono::seconds(5));
  if (r.exit_code < 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  r.text = slurp(dir + "/lab.log");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return r;
}

RunResult run_command(const std::string& command) {
  RunResult r;
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.text.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace labtest
