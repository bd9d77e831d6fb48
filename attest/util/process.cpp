#include "attest/util/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace attest {
namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() { close_both(); }
  bool open() { return ::pipe2(fd, O_CLOEXEC) == 0; }
  void close_end(int i) { if (fd[i] >= 0) { ::close(fd[i]); fd[i] = -1; } }
  void close_both() { close_end(0); close_end(1); }
};

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    if (!extra.count(key)) env.push_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Pumps stdin/stdout/stderr until both outputs close or the deadline passes.
Status pump(Pipe& in, Pipe& out, Pipe& err, const ProcessOptions& o, ProcessOutput& r, const Deadline& deadline) {
  std::size_t written = 0;
  if (o.stdin_data.empty()) in.close_end(1);
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    if (deadline.expired()) return make_error(ErrorKind::timeout, "timed out");
    pollfd fds[3] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}};
    const int n = ::poll(fds, 3, static_cast<int>(std::min<long long>(deadline.remaining().count(), 200)));
    if (n < 0 && errno != EINTR) return make_error(ErrorKind::io, std::string("poll: ") + std::strerror(errno));
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      const ssize_t w = ::write(in.fd[1], o.stdin_data.data() + written, o.stdin_data.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 || written == o.stdin_data.size()) in.close_end(1);
    }
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Pipe& p = i == 0 ? out : err;
      std::string& sink = i == 0 ? r.out : r.err;
      char buf[16384];
      const ssize_t got = ::read(p.fd[0], buf, sizeof buf);
      if (got <= 0) { p.close_end(0); continue; }
      if (sink.size() + static_cast<std::size_t>(got) > o.max_output) {
        return make_error(ErrorKind::input, "output exceeds " + std::to_string(o.max_output) + " bytes");
      }
      sink.append(buf, static_cast<std::size_t>(got));
    }
  }
  return ok_status();
}

}  // namespace

Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) return make_error(ErrorKind::usage, "run_process: empty argv");
  Pipe in, out, err;
  if (!in.open() || !out.open() || !err.open()) return make_error(ErrorKind::io, "pipe: " + std::string(std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  std::vector<std::string> args = argv;
  std::vector<std::string> env = merged_environment(options.env);
  auto argp = pointers(args);
  auto envp = pointers(env);
  // The child starts with no blocked signals and default dispositions: a
  // caller that blocks SIGTERM for sigwait() or ignores SIGPIPE must not pass
  // that on (a daemon started from it would otherwise ignore SIGTERM forever).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGTERM, SIGINT, SIGPIPE, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0].c_str(), &actions, &attr, argp.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return make_error(ErrorKind::io, argv[0] + ": cannot start: " + std::strerror(rc));
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);

  ProcessOutput result;
  const Status pumped = pump(in, out, err, options, result, Deadline(options.timeout));
  if (!pumped) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!pumped) return make_error(pumped.error().kind, argv[0] + ": " + pumped.error().message);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace attest
