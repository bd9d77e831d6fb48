// attest-lab: serves the fake devices of a lab spec on loopback until SIGTERM
// or SIGINT; SIGUSR1 rewrites the stats file. Exit codes follow attest's:
// 0 clean stop, 2 bad usage or input, 3 internal error.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "attest/lab/runtime.hpp"
#include "attest/lab/server.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/ssh_handles.hpp"
#include "attest/util/files.hpp"

namespace {

constexpr const char* kUsage =
    "usage: attest-lab --spec FILE [--ready FILE] [--stats FILE] [--state DIR] [--quiet] [--exit-with-parent]\n"
    "  --spec FILE   lab spec (schema attest.lab/v1)\n"
    "  --ready FILE  written once every device listens: name, address, port, host key fingerprint, snmp_port\n"
    "  --stats FILE  counters (per device, and handshakes per second), written at start, on SIGUSR1 and at exit\n"
    "  --state DIR   TPM state of TPM-equipped devices and the lab's TPM manufacturer CA\n"
    "  --quiet       no per-connection log on stderr\n"
    "  --exit-with-parent  stop (as on SIGTERM) when the process that started the lab dies\n";

struct Args {
  std::string spec, ready, stats, state;
  bool quiet = false;
  bool exit_with_parent = false;
};

// Returns 0 when parsed, else the exit code to use.
int parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--spec") ok = value(args.spec);
    else if (a == "--ready") ok = value(args.ready);
    else if (a == "--stats") ok = value(args.stats);
    else if (a == "--state") ok = value(args.state);
    else if (a == "--quiet") args.quiet = true;
    else if (a == "--exit-with-parent") args.exit_with_parent = true;
    else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return -1;
    } else ok = false;
    if (!ok) {
      std::fprintf(stderr, "attest-lab: bad argument \"%s\"\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (args.spec.empty()) {
    std::fprintf(stderr, "attest-lab: --spec is required\n%s", kUsage);
    return 2;
  }
  return 0;
}

int fail(const attest::Error& e) {
  std::fprintf(stderr, "attest-lab: %s\n", e.message.c_str());
  const bool bad_input = e.kind == attest::ErrorKind::input || e.kind == attest::ErrorKind::usage ||
                         e.kind == attest::ErrorKind::io;
  return bad_input ? 2 : 3;
}

// TPM devices answer `attest agent ...` with the attest binary beside this one.
std::string agent_path() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("attest") : (self.parent_path() / "attest").string();
}

int run(const Args& args, const sigset_t& signals) {
  auto spec = attest::lab::load_spec(args.spec);
  if (!spec) return fail(spec.error());
  auto lab = attest::lab::Lab::start(*spec, {args.quiet, args.state, agent_path()});
  if (!lab) return fail(lab.error());
  if (auto s = (*lab)->stats().write(args.stats); !s) return fail(s.error());
  if (!args.ready.empty()) {
    if (auto s = attest::write_file_atomic(args.ready, attest::lab::ready_json((*lab)->ready())); !s) {
      return fail(s.error());
    }
  }
  // Stats are written on request, not per connection: a rewrite costs as
  // much as the lab has devices.
  for (int sig = 0; sigwait(&signals, &sig) == 0 && sig == SIGUSR1;) {
    if (auto s = (*lab)->stats().write(args.stats); !s) std::fprintf(stderr, "attest-lab: %s\n", s.error().message.c_str());
  }
  (*lab)->stop();
  if (auto s = (*lab)->stats().write(args.stats); !s) return fail(s.error());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (const int rc = parse_args(argc, argv, args); rc != 0) return rc < 0 ? 0 : rc;
  // Block the stop signals before any thread starts so only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // `attest demo` killed with SIGKILL must not leave a lab (and its swtpms)
  // holding the demo addresses: the kernel sends SIGTERM when the parent dies.
  if (args.exit_with_parent) {
    const pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) raise(SIGTERM);  // the parent died before prctl
  }
  std::signal(SIGPIPE, SIG_IGN);  // a client vanishing mid-write is an error value, not a crash
  attest::lab::raise_fd_limit();
  ssh_init();
  int rc = 3;
  try {
    rc = run(args, signals);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "attest-lab: internal error: %s\n", e.what());
  }
  ssh_finalize();
  return rc;
}
