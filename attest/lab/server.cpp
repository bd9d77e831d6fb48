#include "attest/lab/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "attest/lab/connection.hpp"
#include "attest/lab/keys.hpp"

namespace attest::lab {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Open connection sockets, so stop() can shut them down under blocked threads.
class Registry {
 public:
  explicit Registry(const StopSignal& stop) : stop_(stop) {}
  bool add(int fd) {
    std::lock_guard lock(mutex_);
    if (stop_.requested()) return false;
    fds_.insert(fd);
    return true;
  }
  void remove(int fd) {
    std::lock_guard lock(mutex_);
    fds_.erase(fd);
  }
  void shutdown_all() {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  const StopSignal& stop_;
  std::mutex mutex_;
  std::set<int> fds_;
};

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

std::string errno_text() { return std::strerror(errno); }

std::string peer_name(const sockaddr_in& a) {
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
  return std::string(buf) + ":" + std::to_string(ntohs(a.sin_port));
}

Result<Fd> listen_on(const std::string& address, std::uint16_t port, std::uint16_t& bound_port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return make_error(ErrorKind::io, "socket: " + errno_text());
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  const std::string where = address + ":" + std::to_string(port);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    return make_error(ErrorKind::io, "cannot bind " + where + ": " + errno_text());
  }
  if (::listen(fd.get(), 64) != 0) return make_error(ErrorKind::io, "cannot listen on " + where + ": " + errno_text());
  socklen_t len = sizeof a;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
  bound_port = ntohs(a.sin_port);
  return fd;
}

}  // namespace

struct Listener {
  DeviceContext ctx;
  std::unique_ptr<DeviceTpm> tpm;
  BindPtr bind;
  Fd listen_fd;
  ReadyDevice ready;
  std::thread thread;
  std::vector<Worker> workers;
};

struct Lab::Impl {
  explicit Impl(const LabSpec& spec, LabOptions opts)
      : options(std::move(opts)), log(options.quiet), stats(names(spec)), registry(stop) {}
  static std::vector<std::string> names(const LabSpec& spec) {
    std::vector<std::string> out;
    for (const auto& d : spec.devices) out.push_back(d.name);
    return out;
  }

  LabOptions options;
  StopSignal stop;
  Log log;
  Stats stats;
  Registry registry;
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<ReadyDevice> ready;
  std::once_flag stopped;

  Result<std::unique_ptr<Listener>> make_listener(const LabSpec& spec, const DeviceSpec& d);
  void accept_loop(Listener& l);
  void run_connection(Listener& l, int fd, SessionPtr session, const std::string& peer);
};

namespace {

// The hang fault: holds the TCP connection open, silent, until the client
// gives up or the lab stops.
void hang(int fd, const StopSignal& stop) {
  pollfd p[2] = {{fd, POLLIN, 0}, {stop.fd(), POLLIN, 0}};
  char buf[1024];
  while (!stop.requested()) {
    if (::poll(p, 2, -1) < 0 && errno != EINTR) return;
    if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && ::read(fd, buf, sizeof buf) <= 0) return;
  }
}

Status configure_bind(ssh_bind bind, KeyPtr host_key) {
  const int verbosity = SSH_LOG_NOLOG;
  const bool no_config = false;  // never read /etc/ssh/libssh_server_config
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK ||
      ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no_config) != SSH_OK) {
    return make_error(ErrorKind::internal, std::string("ssh_bind_options_set: ") + ssh_get_error(bind));
  }
  // IMPORT_KEY hands the key to the bind, which frees it in ssh_bind_free().
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, host_key.get()) != SSH_OK) {
    return make_error(ErrorKind::internal, std::string("ssh_bind_options_set(IMPORT_KEY): ") + ssh_get_error(bind));
  }
  (void)host_key.release();
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Listener>> Lab::Impl::make_listener(const LabSpec& spec, const DeviceSpec& d) {
  const std::string where = spec.path + ": " + d.json_pointer;
  auto l = std::make_unique<Listener>();
  l->ctx.spec = d;
  l->ctx.traits = find_traits(d.profile);
  l->ctx.stats = &stats;
  l->ctx.log = &log;
  l->ctx.stop = &stop;
  for (std::size_t i = 0; i < d.accounts.size(); ++i) {
    if (d.accounts[i].kind != AuthKind::public_key) continue;
    auto key = load_public_key(d.accounts[i].authorized_key);
    if (!key) return make_error(ErrorKind::input, where + "/accounts/" + std::to_string(i) + "/authorized_key: " + key.error().message);
    l->ctx.keys.push_back({d.accounts[i].username, std::move(*key)});
  }
  auto host_key = load_or_create_host_key(d.host_key);
  if (!host_key) return make_error(host_key.error().kind, where + "/host_key: " + host_key.error().message);
  l->bind.reset(ssh_bind_new());
  if (!l->bind) return make_error(ErrorKind::internal, "ssh_bind_new failed");
  if (auto s = configure_bind(l->bind.get(), std::move(host_key->key)); !s) return s.error();
  std::uint16_t port = 0;
  auto fd = listen_on(d.address, d.port, port);
  if (!fd) return make_error(ErrorKind::io, where + "/listen: " + fd.error().message);
  l->listen_fd = std::move(*fd);
  l->ready = {d.name, d.address, port, host_key->fingerprint};
  return l;
}

void Lab::Impl::accept_loop(Listener& l) {
  const auto& name = l.ctx.spec.name;
  pollfd p[2] = {{l.listen_fd.get(), POLLIN, 0}, {stop.fd(), POLLIN, 0}};
  while (!stop.requested()) {
    if (::poll(p, 2, -1) < 0 || (p[0].revents & POLLIN) == 0) continue;
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(l.listen_fd.get(), reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) continue;
    stats.add_connection(name);
    SessionPtr session;
    if (l.ctx.spec.fault != Fault::refuse && l.ctx.spec.fault != Fault::hang) {
      // Accepting into libssh here keeps every use of the ssh_bind on this thread.
      session.reset(ssh_new());
      if (!session || ssh_bind_accept_fd(l.bind.get(), session.get(), fd) != SSH_OK) {
        log.line(name, "cannot start an SSH session: " + std::string(ssh_get_error(l.bind.get())));
        session.reset();
        ::close(fd);
        continue;
      }
    }
    std::erase_if(l.workers, [](Worker& w) {
      if (!w.done->load()) return false;
      w.thread.join();
      return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread t([this, &l, fd, s = std::move(session), peer = peer_name(peer), done]() mutable {
      run_connection(l, fd, std::move(s), peer);
      done->store(true);
    });
    l.workers.push_back({std::move(t), done});
  }
  for (auto& w : l.workers) w.thread.join();
  l.workers.clear();
}

void Lab::Impl::run_connection(Listener& l, int fd, SessionPtr session, const std::string& peer) {
  const auto& d = l.ctx.spec;
  Fd raw(session ? -1 : fd);  // without a session we own the socket ourselves
  if (!registry.add(fd)) return;
  log.line(d.name, peer + " connected" + (d.fault != Fault::none ? std::string(" (fault ") + to_string(d.fault) + ")" : ""));
  if (d.fault == Fault::hang) hang(fd, stop);
  if (session) {
    try {
      serve_connection(l.ctx, session.get(), fd, peer);
    } catch (const std::exception& e) {  // never let one connection take the lab down
      log.line(d.name, peer + " internal error: " + e.what());
    }
  }
  registry.remove(fd);  // before the fd number can be reused by a close below
  session.reset();
  raw.reset();
  log.line(d.name, peer + " closed");
  if (auto s = stats.write(options.stats_path); !s) log.line(d.name, "cannot write stats: " + s.error().message);
}

namespace {

// TPMs are manufactured and booted in parallel: swtpm_setup takes most of a
// second per TPM the first time.
Status start_tpms(const std::vector<std::unique_ptr<Listener>>& listeners, const LabOptions& options) {
  if (options.state_dir.empty()) {
    for (const auto& l : listeners) {
      if (l->ctx.spec.tpm) {
        return make_error(ErrorKind::usage, l->ctx.spec.name + " has a TPM: attest-lab needs --state DIR");
      }
    }
    return ok_status();
  }
  std::vector<std::thread> threads;
  std::vector<Status> results(listeners.size(), ok_status());
  for (std::size_t i = 0; i < listeners.size(); ++i) {
    Listener& l = *listeners[i];
    if (!l.ctx.spec.tpm) continue;
    threads.emplace_back([&l, &options, &result = results[i]] {
      auto tpm = DeviceTpm::start(l.ctx.spec, options.state_dir, options.agent);
      if (!tpm) {
        result = tpm.error();
        return;
      }
      l.tpm = std::move(*tpm);
      l.ctx.tpm = l.tpm.get();
    });
  }
  for (auto& t : threads) t.join();
  for (auto& r : results)
    if (!r) return r;
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Lab>> Lab::start(const LabSpec& spec, const LabOptions& options) {
  auto impl = std::make_unique<Impl>(spec, options);
  for (const auto& d : spec.devices) {
    auto l = impl->make_listener(spec, d);
    if (!l) return l.error();
    impl->ready.push_back((*l)->ready);
    impl->listeners.push_back(std::move(*l));
  }
  if (auto st = start_tpms(impl->listeners, options); !st) return st.error();
  for (auto& l : impl->listeners) {
    const auto& r = l->ready;
    impl->log.line(r.name, "listening on " + r.address + ":" + std::to_string(r.port) + " (" + l->ctx.spec.profile +
                               ", " + (l->ctx.spec.mode == Mode::exec ? "exec" : "shell") + ") host key " +
                               r.host_key_fingerprint);
    Impl* self = impl.get();
    Listener* listener = l.get();
    l->thread = std::thread([self, listener] { self->accept_loop(*listener); });
  }
  return std::unique_ptr<Lab>(new Lab(std::move(impl)));
}

Lab::Lab(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Lab::~Lab() { stop(); }

const std::vector<ReadyDevice>& Lab::ready() const { return impl_->ready; }

const Stats& Lab::stats() const { return impl_->stats; }

void Lab::stop() {
  std::call_once(impl_->stopped, [this] {
    impl_->stop.request();
    impl_->registry.shutdown_all();
    for (auto& l : impl_->listeners) {
      if (l->thread.joinable()) l->thread.join();
    }
    // No connection is left to use a TPM. Each power-off runs two tools and
    // waits for the daemon: all at once, so a lab stops well within its
    // parent's grace period instead of one TPM after another.
    std::vector<std::thread> off;
    for (auto& l : impl_->listeners) {
      l->ctx.tpm = nullptr;
      if (l->tpm) off.emplace_back([tpm = std::move(l->tpm)]() mutable { tpm.reset(); });
    }
    for (auto& t : off) t.join();
  });
}

std::string ready_json(const std::vector<ReadyDevice>& devices) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& d : devices) {
    list.push_back({{"name", d.name}, {"address", d.address}, {"port", d.port},
                    {"host_key_fingerprint", d.host_key_fingerprint}});
  }
  nlohmann::ordered_json doc;
  doc["devices"] = list;
  return doc.dump(2) + "\n";
}

}  // namespace attest::lab
