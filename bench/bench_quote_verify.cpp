// Quote verifications per second on one thread, for RSA-2048 and ECC P-256
// AKs (the committed tpm2_quote fixtures), side by side with the raw OpenSSL
// signature verify of the same bytes (the ceiling) and with one stock
// tpm2_checkquote process per quote (what a shell-out design would get).
//   usage: bench_quote_verify [--seconds S] [--checkquote-runs N] [--fixtures DIR]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "attest/util/encoding.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/quote.hpp"
#include "attest/util/files.hpp"

extern char** environ;

namespace {

using namespace attest;
using namespace attest::tpm;
using Clock = std::chrono::steady_clock;
constexpr int kRounds = 5;

struct Options {
  double seconds = 1.0;
  int checkquote_runs = 20;
  std::string fixtures = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/tpm/quote";
};

struct Quote {
  std::string label, kind;
  Bytes msg, sig;
  PcrValues pcrs;
  EvpPkeyPtr ak;
  ParsedSignature parsed_sig;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_quote_verify: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message);
  return std::move(r).value();
}

Bytes load_bytes(const std::string& path) {
  const std::string s = must(read_file(path, 1u << 16), path);
  return Bytes(s.begin(), s.end());
}

Quote load_quote(const Options& o, const std::string& label, const std::string& kind) {
  Quote q{label, kind, load_bytes(o.fixtures + "/" + kind + ".msg"), load_bytes(o.fixtures + "/" + kind + ".sig"), {}, {}, {}};
  q.pcrs = must(parse_pcr_file(load_bytes(o.fixtures + "/" + kind + ".pcrs")), kind + ".pcrs");
  q.ak = must(load_public_key_pem(must(read_file(o.fixtures + "/" + kind + ".ak.pem"), "ak.pem")), "ak.pem");
  q.parsed_sig = must(parse_signature(q.sig), kind + ".sig");
  return q;
}

// Calls `op` in a loop for about `seconds`; returns calls per second. Stops
// early (and says so) if `op` returns false.
double rate(double seconds, const std::function<bool()>& op) {
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  long n = 0;
  auto now = start;
  do {
    for (int i = 0; i < 16; ++i, ++n)
      if (!op()) die("an operation failed during the benchmark");
    now = Clock::now();
  } while (now < end);
  return static_cast<double>(n) / std::chrono::duration<double>(now - start).count();
}

// The ceiling: one EVP_DigestVerify of the same signature over the same bytes,
// with an explicitly fetched SHA-256 (the fastest way to call OpenSSL 3).
bool raw_verify(const Quote& q) {
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, sha256, nullptr, q.ak.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), q.parsed_sig.signature.data(), q.parsed_sig.signature.size(), q.msg.data(),
                          q.msg.size()) == 1;
}

// One tpm2_checkquote process per quote, stdout/stderr to /dev/null.
double checkquote_rate(const Options& o, const Quote& q, const std::string& nonce_hex) {
  const std::string base = o.fixtures + "/" + q.kind;
  std::vector<std::string> args = {"tpm2_checkquote", "-u", base + ".ak.pem", "-m", base + ".msg", "-s",
                                   base + ".sig",    "-f", base + ".pcrs",   "-g", "sha256",      "-q", nonce_hex};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  for (int i = 0; i < o.checkquote_runs; ++i) {
    pid_t pid = 0;
    int status = 0;
    if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
      posix_spawn_file_actions_destroy(&fa);
      return -1;  // tpm2-tools not installed
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) die("tpm2_checkquote failed on " + q.kind);
  }
  posix_spawn_file_actions_destroy(&fa);
  return o.checkquote_runs / std::chrono::duration<double>(Clock::now() - start).count();
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") o.seconds = std::atof(argv[i + 1]);
    else if (flag == "--checkquote-runs") o.checkquote_runs = std::atoi(argv[i + 1]);
    else if (flag == "--fixtures") o.fixtures = argv[i + 1];
    else die("unknown option " + flag);
  }
  if (o.seconds <= 0 || o.checkquote_runs < 1) die("--seconds and --checkquote-runs must be positive");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  ::setenv("TSS2_LOG", "marshal+none", 0);
  const std::string nonce_hex = must(read_file(o.fixtures + "/nonce.hex"), "nonce.hex");
  QuotePolicy policy;
  policy.nonce = must(hex_decode(nonce_hex), "nonce.hex");
  policy.required = must(parse_pcr_selection("sha256:0-7"), "selection");
  std::printf("quote verification, one thread, %s, %.1f s per figure\n", OpenSSL_version(OPENSSL_VERSION), o.seconds);
  std::printf("%-10s %16s %16s %8s %22s %8s\n", "AK", "verify_quote/s", "raw OpenSSL/s", "ratio", "tpm2_checkquote/s", "speedup");
  for (const auto& [label, kind] : {std::pair{"RSA-2048", "rsa"}, std::pair{"ECC P-256", "ecc"}}) {
    const Quote q = load_quote(o, label, kind);
    // Alternating short rounds, best of each: the machine is shared, and a
    // neighbour's burst should not land on one side of the comparison only.
    double ours = 0, raw = 0;
    for (int round = 0; round < kRounds; ++round) {
      ours = std::max(ours, rate(o.seconds / kRounds, [&] {
        return verify_quote(q.msg, q.sig, q.pcrs, q.ak.get(), policy).ok();
      }));
      raw = std::max(raw, rate(o.seconds / kRounds, [&] { return raw_verify(q); }));
    }
    const double cq = checkquote_rate(o, q, nonce_hex);
    std::printf("%-10s %16.0f %16.0f %7.0f%% %22.1f %7.0fx\n", label, ours, raw, 100.0 * ours / raw, cq,
                cq > 0 ? ours / cq : 0.0);
  }
  std::printf("ratio = verify_quote / raw EVP_DigestVerify of the same signature (target >= 50%%);\n"
              "verify_quote and raw: best of %d alternating rounds;\n"
              "tpm2_checkquote = one process per quote, %d runs; speedup = verify_quote / tpm2_checkquote\n",
              kRounds, o.checkquote_runs);
  return 0;
}
