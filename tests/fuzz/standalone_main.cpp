// The driver of the fuzz targets in builds without libFuzzer (g++): runs
// LLVMFuzzerTestOneInput over every corpus file, then over a fixed number of
// deterministic mutations of each (fixed seed), so every build and every
// ctest run feeds the parsers the same hostile bytes. A crash names the input
// and writes it to ./fuzz-crash-<target>.bin for the corpus.
//   usage: fuzz_<target> [--mutations N] DIR|FILE...
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mutator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using attest::fuzz::Input;
namespace fs = std::filesystem;

constexpr std::uint64_t kSeed = 0x61747465737446ULL;  // "attestF": fixed on purpose

// What is running, for the crash handler (which may only use what is set up here).
struct Current {
  const Input* input = nullptr;
  char label[512] = {};
  char crash_file[256] = {};
} g_current;

void write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n <= 0) return;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Async-signal-safe: names the input, saves it, then dies of the same signal.
void on_crash(int sig) {
  static const char kMsg[] = "\nfuzz: crashed on ";
  write_all(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  write_all(STDERR_FILENO, g_current.label, std::strlen(g_current.label));
  write_all(STDERR_FILENO, "\n", 1);
  const int fd = ::open(g_current.crash_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0 && g_current.input != nullptr) {
    write_all(fd, g_current.input->data(), g_current.input->size());
    ::close(fd);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void run_one(const Input& input, const std::string& label) {
  g_current.input = &input;
  std::snprintf(g_current.label, sizeof g_current.label, "%s", label.c_str());
  LLVMFuzzerTestOneInput(input.data(), input.size());
}

Input read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Input(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every regular file named on the command line or inside a named directory, sorted.
std::vector<fs::path> corpus_files(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const auto& arg : args) {
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      files.emplace_back(arg);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string target = fs::path(argv[0]).filename().string();
  std::size_t mutations = 500;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
      mutations = std::stoul(argv[++i]);
    } else {
      args.emplace_back(argv[i]);
    }
  }
  const auto files = corpus_files(args);
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s [--mutations N] DIR|FILE...  (no corpus files given)\n", target.c_str());
    return 2;
  }
  std::snprintf(g_current.crash_file, sizeof g_current.crash_file, "fuzz-crash-%s.bin", target.c_str());
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, on_crash);

  std::vector<Input> corpus;
  for (const auto& f : files) corpus.push_back(read_bytes(f));
  const auto start = std::chrono::steady_clock::now();
  std::size_t runs = 0;
  attest::fuzz::Mutator mutator(corpus, kSeed);
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    const std::string name = files[i].filename().string();
    run_one(corpus[i], name);
    ++runs;
    for (std::size_t m = 0; m < mutations; ++m, ++runs) run_one(mutator.mutate(corpus[i]), name + " mutation " + std::to_string(m));
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("%s: %zu corpus files, %zu inputs, no crash, %.2f s\n", target.c_str(), corpus.size(), runs, took.count());
  return 0;
}
