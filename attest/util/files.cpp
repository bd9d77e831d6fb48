#include "attest/util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace attest {
namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return path + ": " + what + ": " + std::strerror(errno);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { int fd = fd_; fd_ = -1; return fd; }
 private:
  int fd_;
};

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return make_error(ErrorKind::io, errno_text("cannot open", path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return make_error(ErrorKind::io, errno_text("cannot stat", path));
  if (S_ISDIR(st.st_mode)) return make_error(ErrorKind::io, path + ": is a directory");
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorKind::io, errno_text("cannot read", path));
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      return make_error(ErrorKind::input,
                        path + ": larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

Status write_file_atomic(const std::string& path, std::string_view contents, unsigned mode) {
  const std::filesystem::path target(path);
  const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::string tmpl = tmp;
  Fd fd(::mkstemp(tmpl.data()));
  if (fd.get() < 0) return make_error(ErrorKind::io, errno_text("cannot create a temporary file beside it", path));
  auto fail = [&](const std::string& what) {
    Error e = make_error(ErrorKind::io, errno_text(what, tmpl));
    ::unlink(tmpl.c_str());
    return e;
  };
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) return fail("cannot chmod");
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd.get(), contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot fsync");
  if (::close(fd.release()) != 0) return fail("cannot close");
  if (::rename(tmpl.c_str(), path.c_str()) != 0) return fail("cannot rename into " + path);
  // The rename itself must survive a power cut too: sync the directory entry.
  const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) return make_error(ErrorKind::io, errno_text("cannot fsync", dir));
  return ok_status();
}

Result<bool> is_owner_only(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(ErrorKind::io, errno_text("cannot stat", path));
  return (st.st_mode & 077) == 0;
}

}  // namespace attest
