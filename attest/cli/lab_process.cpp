#include "attest/cli/lab_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "attest/util/files.hpp"

extern char** environ;

namespace attest::cli {
namespace {

// waitpid without blocking past `deadline`; true when the child was reaped.
bool reap_until(pid_t pid, const Deadline& deadline, int* status) {
  for (;;) {
    const pid_t r = ::waitpid(pid, status, WNOHANG);
    if (r == pid || r < 0) return true;
    if (deadline.expired()) return false;
    std::this_thread::sleep_for(Millis(20));
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended";
}

}  // namespace

LabProcess::~LabProcess() {
  if (pid_ > 0) (void)stop(Millis(1000));
}

Status LabProcess::start(const std::string& lab_binary, const std::string& spec, const std::string& run_dir,
                         Millis timeout) {
  run_dir_ = run_dir;
  std::error_code ec;
  std::filesystem::create_directories(run_dir, ec);
  if (ec) return make_error(ErrorKind::io, run_dir + ": cannot create: " + ec.message());
  std::filesystem::remove(ready_path(), ec);

  std::vector<std::string> argv_s = {lab_binary, "--spec", spec, "--ready", ready_path(),
                                     "--stats", stats_path(), "--state", state_dir(), "--quiet",
                                     "--exit-with-parent"};
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  if (::posix_spawn(&pid_, lab_binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = -1;
    return make_error(ErrorKind::io, lab_binary + ": cannot start the lab");
  }
  const Deadline deadline(timeout);
  while (!std::filesystem::exists(ready_path())) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return make_error(ErrorKind::input, "attest-lab " + describe_status(status) + " before it was ready");
    }
    if (deadline.expired()) {
      (void)stop(Millis(500));
      return make_error(ErrorKind::timeout, "attest-lab was not ready within " + std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(Millis(10));
  }
  return ok_status();
}

Status LabProcess::stop(Millis grace) {
  if (pid_ <= 0) return ok_status();
  int status = 0;
  ::kill(pid_, SIGTERM);
  if (!reap_until(pid_, Deadline(grace), &status)) {
    ::kill(pid_, SIGKILL);
    (void)reap_until(pid_, Deadline(Millis(2000)), &status);
    pid_ = -1;
    return make_error(ErrorKind::timeout, "attest-lab did not stop within " + std::to_string(grace.count()) + " ms");
  }
  pid_ = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return make_error(ErrorKind::internal, "attest-lab " + describe_status(status));
  }
  return ok_status();
}

namespace {

std::int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// The snapshot time attest-lab records (CLOCK_MONOTONIC), or -1.
std::int64_t taken_at(const std::string& text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("taken_at_monotonic_ns")) return -1;
  return doc["taken_at_monotonic_ns"].is_number_integer() ? doc["taken_at_monotonic_ns"].get<std::int64_t>() : -1;
}

}  // namespace

Result<std::string> LabProcess::stats(Millis timeout) const {
  if (pid_ <= 0) return read_file(stats_path());
  const std::int64_t asked = monotonic_ns();
  if (::kill(pid_, SIGUSR1) != 0) return make_error(ErrorKind::io, "cannot signal attest-lab for its stats");
  const Deadline deadline(timeout);
  for (;;) {
    auto text = read_file(stats_path());
    if (text && taken_at(*text) >= asked) return text;
    if (deadline.expired()) {
      return make_error(ErrorKind::timeout, stats_path() + ": attest-lab wrote no fresh stats within " +
                                                std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(Millis(5));
  }
}

std::string executable_dir() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

}  // namespace attest::cli
