#include "lab_fixture.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

pid_t spawn_lab(const std::string& dir, bool with_ready) {
  const pid_t pid = ::fork();
  if (pid == 0) {
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

LabProcess::LabProcess(const std::string& spec_json, const std::string& dir)
    : dir_(dir.empty() ? make_temp_dir() : dir), own_dir_(dir.empty()) {
  std::filesystem::remove(dir_ + "/ready.json");
  spit(dir_ + "/lab.json", spec_json);
  const auto start = std::chrono::steady_clock::now();
  pid_ = spawn_lab(dir_, true);
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
  // The brief promises "well under a second", host key generation included.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  ready_ = nlohmann::json::parse(slurp(ready));
}

LabProcess::~LabProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
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

nlohmann::json LabProcess::stats() const { return nlohmann::json::parse(slurp(dir_ + "/stats.json")); }

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
