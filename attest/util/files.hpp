// Local file I/O with size caps and atomic replacement.
#pragma once

#include <cstddef>
#include <string>

#include "attest/util/result.hpp"

namespace attest {

// Reads a whole file, refusing files larger than `max_bytes`.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 64u << 20);

// Writes via temp file + fsync + rename + fsync of the directory, so readers
// never see a half-written file, even after a crash.
Status write_file_atomic(const std::string& path, std::string_view contents, unsigned mode = 0644);

// True when the file's mode grants nothing to group or others (e.g. 0600, 0400).
Result<bool> is_owner_only(const std::string& path);

}  // namespace attest
