// lab_bench: figures for attest-lab at scale (not a test; prints numbers).
//   lab_bench --lab PATH [--devices N] [--connections M] [--threads J] [--dir DIR] [--latency-ms L]
// Writes a spec of N exec devices (distinct 127.91.x.y addresses), starts the
// lab, reports startup time and RSS, then runs M libssh2 connections (password
// login, one exec, disconnect) from J threads and reports the CPU both sides
// spent per connection and the exec round trip. Keys persist in DIR, so a
// second run with the same DIR measures a start that loads instead of generating.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <libssh2.h>
#include <nlohmann/json.hpp>

#include "ssh2_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string lab, dir = "/tmp/attest-lab-bench";
  int devices = 1000, connections = 1000, threads = 32, latency_ms = 0;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--lab") o.lab = v;
    else if (a == "--dir") o.dir = v;
    else if (a == "--devices") o.devices = std::stoi(v);
    else if (a == "--connections") o.connections = std::stoi(v);
    else if (a == "--threads") o.threads = std::stoi(v);
    else if (a == "--latency-ms") o.latency_ms = std::stoi(v);
  }
  if (o.lab.empty()) {
    std::cerr << "usage: lab_bench --lab PATH [--devices N] [--connections M] [--threads J] [--dir DIR] [--latency-ms L]\n";
    std::exit(2);
  }
  return o;
}

std::string address(int i) { return "127.91." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }

void write_spec(const Options& o) {
  nlohmann::json devices = nlohmann::json::array();
  for (int i = 0; i < o.devices; ++i) {
    const std::string name = "d" + std::to_string(i);
    devices.push_back({{"name", name}, {"profile", "arista-eos"}, {"listen", address(i) + ":2222"},
                       {"latency_ms", o.latency_ms},
                       {"facts", {{"model", "DCS-7050SX3-48YC8"}, {"serial", "SER" + name}, {"version", "4.30.1F"}}},
                       {"accounts", {{{"username", "netops"}, {"password", "s3cret"}}}}});
  }
  std::filesystem::create_directories(o.dir);
  std::ofstream(o.dir + "/lab.json") << nlohmann::json{{"schema", "attest.lab/v1"}, {"devices", devices}}.dump();
}

// utime + stime of a process, in milliseconds.
double cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string f;
  long ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(f);
    if (i == 15) break;
  }
  return 1000.0 * static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// A number from /proc/PID/status ("VmRSS:", "Threads:").
long status_field(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return -1;
}

double rss_mib(pid_t pid) { return static_cast<double>(status_field(pid, "VmRSS:")) / 1024.0; }

pid_t start_lab(const Options& o) {
  std::filesystem::remove(o.dir + "/ready.json");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string spec = o.dir + "/lab.json", ready = o.dir + "/ready.json", stats = o.dir + "/stats.json";
    ::execl(o.lab.c_str(), "attest-lab", "--spec", spec.c_str(), "--ready", ready.c_str(), "--stats", stats.c_str(),
            "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

double client_cpu_ms() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

struct Target {
  std::string address;
  std::uint16_t port;
};

struct Run {
  std::vector<double> exec_ms;
  int failures = 0;
};

Run run_connections(const Options& o, const std::vector<Target>& targets) {
  Run run;
  std::mutex mutex;
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < o.connections; i = next++) {
        const Target& target = targets[static_cast<std::size_t>(i) % targets.size()];
        labtest::Ssh2Client c;
        bool ok = c.connect(target.address, target.port, 10000, true) && c.try_password("netops", "s3cret");
        const auto t0 = Clock::now();
        ok = ok && c.exec("show version | json").exit_status == 0;
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::lock_guard lock(mutex);
        if (ok) run.exec_ms.push_back(ms);
        else ++run.failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  return run;
}

// How long a reader waits for a snapshot taken after its SIGUSR1.
double fresh_stats_ms(const Options& o, pid_t lab) {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const std::int64_t asked = std::int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
  const auto t0 = Clock::now();
  ::kill(lab, SIGUSR1);
  for (;;) {
    std::ifstream in(o.dir + "/stats.json");
    const auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_object() && doc.value("taken_at_monotonic_ns", std::int64_t{0}) >= asked) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  libssh2_init(0);
  write_spec(o);
  const auto t0 = Clock::now();
  const pid_t lab = start_lab(o);
  while (!std::filesystem::exists(o.dir + "/ready.json")) {
    if (::waitpid(lab, nullptr, WNOHANG) == lab) {
      std::cerr << "attest-lab exited before it was ready\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double startup_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("devices %d: ready in %.2f s, lab RSS %.1f MiB, lab CPU at start %.0f ms, lab threads %ld\n", o.devices,
              startup_s, rss_mib(lab), cpu_ms(lab), status_field(lab, "Threads:"));

  std::vector<Target> targets;
  std::ifstream ready(o.dir + "/ready.json");
  const auto doc = nlohmann::json::parse(ready);
  for (const auto& d : doc["devices"]) targets.push_back({d["address"], d["port"]});

  const double lab_before = cpu_ms(lab), client_before = client_cpu_ms();
  const auto w0 = Clock::now();
  const Run run = run_connections(o, targets);
  const double wall = std::chrono::duration<double>(Clock::now() - w0).count();
  const double lab_cpu = cpu_ms(lab) - lab_before, client_cpu = client_cpu_ms() - client_before;
  const double n = static_cast<double>(o.connections);
  std::printf("connections %d (%d failed) from %d threads in %.2f s: lab CPU %.2f ms/connection, "
              "libssh2 client CPU %.2f ms/connection\n",
              o.connections, run.failures, o.threads, wall, lab_cpu / n, client_cpu / n);
  std::printf("exec round trip (latency_ms %d): p50 %.2f ms, p99 %.2f ms; lab RSS after %.1f MiB, lab threads %ld\n",
              o.latency_ms, percentile(run.exec_ms, 0.5), percentile(run.exec_ms, 0.99), rss_mib(lab),
              status_field(lab, "Threads:"));
  std::printf("stats on SIGUSR1 in %.0f ms; ", fresh_stats_ms(o, lab));
  const auto s0 = Clock::now();
  ::kill(lab, SIGTERM);
  int status = 0;
  ::waitpid(lab, &status, 0);
  std::printf("stopped in %.0f ms\n", std::chrono::duration<double, std::milli>(Clock::now() - s0).count());
  return run.failures == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
