// Local file I/O with size caps and atomic replacement. Every input file is
// read through read_file (or read_private_file): one place that refuses
// FIFOs, devices, directories and sockets before a read could block.
#pragma once

#include <cstddef>
#include <string>

#include "attest/util/result.hpp"

namespace attest {

// Reads a whole regular file, refusing files larger than `max_bytes`. The
// open never blocks (O_NONBLOCK) and anything but a regular file is an input
// error, so a FIFO given as the inventory fails at once instead of hanging.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 64u << 20);

// read_file for files holding secrets (secrets, private keys): the opened
// file (a symlink's target) must grant nothing to group or others and be
// owned by the effective user or root, and a symlink at `path` must itself be
// owned by the user or root. `what` names the kind of file in the message
// ("secrets files").
Result<std::string> read_private_file(const std::string& path, std::size_t max_bytes, const std::string& what);

// Writes via temp file + fsync + rename + fsync of the directory, so readers
// never see a half-written file, even after a crash.
Status write_file_atomic(const std::string& path, std::string_view contents, unsigned mode = 0644);

}  // namespace attest
