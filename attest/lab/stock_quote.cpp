#include "attest/lab/stock_quote.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"
#include "attest/util/process.hpp"

namespace attest::lab {
namespace {

// The fixed text around the three variable words. Kept here, apart from the
// client's builder, so the lab checks the contract instead of sharing it.
constexpr std::string_view kHead = "d=$(mktemp -d) || exit 1; tpm2_quote -Q -c ";
constexpr std::string_view kTail =
    " -g sha256 -m \"$d/message\" -s \"$d/signature\" -o \"$d/pcrs\""
    " && m=$(base64 -w0 \"$d/message\") && s=$(base64 -w0 \"$d/signature\") && p=$(base64 -w0 \"$d/pcrs\")"
    " && printf 'message %s\\nsignature %s\\npcrs %s\\n' \"$m\" \"$s\" \"$p\"; rc=$?; rm -rf \"$d\"; exit $rc";
constexpr std::size_t kMaxFileBytes = 64u << 10;  // a quote's files are a few KiB

bool all_of(std::string_view s, bool (*ok)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), ok); }
bool hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool selection_char(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0 ||
         c == ':' || c == ',' || c == '+';
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A 0700 directory (mkdtemp), removed with everything in it on scope exit.
struct ScratchDir {
  std::string path;
  explicit ScratchDir(const std::string& root) {
    std::string pattern = root + "/quote-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

}  // namespace

std::optional<StockQuoteRequest> parse_stock_quote_command(std::string_view command) {
  if (!command.starts_with(kHead) || !command.ends_with(kTail)) return std::nullopt;
  const auto middle = command.substr(kHead.size(), command.size() - kHead.size() - kTail.size());
  const auto w = words(middle);
  if (w.size() != 5 || w[1] != "-l" || w[3] != "-q") return std::nullopt;
  const bool handle_ok = w[0].size() == 10 && w[0].starts_with("0x") && all_of(w[0].substr(2), hex_digit);
  const bool nonce_ok = w[4].size() % 2 == 0 && w[4].size() <= 128 && all_of(w[4], hex_digit);
  if (!handle_ok || !nonce_ok || !all_of(w[2], selection_char)) return std::nullopt;
  return StockQuoteRequest{std::string(w[0]), std::string(w[2]), std::string(w[4])};
}

ExecResult run_stock_quote(const StockQuoteRequest& r, const std::string& tcti, const std::string& scratch_root) {
  const ScratchDir dir(scratch_root);
  if (dir.path.empty()) return {"", "mktemp: failed to create directory\n", 1};
  ProcessOptions o;
  o.env["TPM2TOOLS_TCTI"] = tcti;
  o.timeout = Millis(20000);
  o.max_output = 64u << 10;
  auto run = run_process({"tpm2_quote", "-Q", "-c", r.handle, "-l", r.selection, "-q", r.nonce, "-g", "sha256", "-m",
                          dir.path + "/message", "-s", dir.path + "/signature", "-o", dir.path + "/pcrs"},
                         o);
  if (!run) return {"", "tpm2_quote: " + run.error().message + "\n", 1};
  if (run->exit_code != 0) return {run->out, run->err, run->exit_code < 0 ? 1 : run->exit_code};
  std::string out;
  for (const char* name : {"message", "signature", "pcrs"}) {
    auto bytes = read_file(dir.path + "/" + name, kMaxFileBytes);
    if (!bytes) return {"", "base64: " + bytes.error().message + "\n", 1};
    out += std::string(name) + " " +
           base64(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()) + "\n";
  }
  return {out, run->err, 0};
}

}  // namespace attest::lab
