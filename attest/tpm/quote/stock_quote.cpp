#include "attest/tpm/quote/stock_quote.hpp"

#include <array>
#include <cstdio>
#include <optional>

#include "attest/tpm/quote/pcr_file.hpp"
#include "attest/util/encoding.hpp"

namespace attest::tpm {
namespace {

struct Label {
  std::string_view name;
  std::size_t cap;
  Bytes StockQuoteFiles::*field;
};

constexpr std::array<Label, 3> kLabels{{{"message", kMaxStockMessage, &StockQuoteFiles::message},
                                        {"signature", kMaxStockSignature, &StockQuoteFiles::signature},
                                        {"pcrs", kMaxStockPcrs, &StockQuoteFiles::pcrs}}};

Error bad(const std::string& what) { return make_error(ErrorKind::parse, "tpm2_quote output: " + what); }

const Label* find_label(std::string_view name) {
  for (const auto& l : kLabels)
    if (l.name == name) return &l;
  return nullptr;
}

// Device output goes into messages: quote at most a short, printable prefix.
std::string excerpt(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 24)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text.size() > 24 ? out + "..." : out;
}

// One "<label> <base64>" line into `files`; `seen` tracks repeated labels.
Status read_line(std::string_view line, StockQuoteFiles& files, std::array<bool, 3>& seen) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return bad("line '" + excerpt(line) + "' is not \"<label> <base64>\"");
  const std::string_view name = line.substr(0, space);
  const Label* label = find_label(name);
  if (label == nullptr) return bad("unknown label '" + excerpt(name) + "' (expected message, signature, pcrs)");
  const auto index = static_cast<std::size_t>(label - kLabels.data());
  if (seen[index]) return bad("label '" + std::string(name) + "' appears twice");
  seen[index] = true;
  const std::string_view encoded = line.substr(space + 1);
  // Checked before decoding so an oversized value costs no allocation.
  if (encoded.size() > (label->cap + 2) / 3 * 4) {
    return bad(std::string(name) + " is larger than " + std::to_string(label->cap) + " bytes");
  }
  auto decoded = base64_decode(encoded);
  if (!decoded) return bad(std::string(name) + ": " + decoded.error().message);
  if (decoded->empty()) return bad(std::string(name) + " is empty");
  files.*(label->field) = std::move(*decoded);
  return ok_status();
}

}  // namespace

std::string handle_text(std::uint32_t handle) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", handle);
  return text;
}

// POSIX sh. `mktemp -d` makes a 0700 directory; the rc of the `&&` chain
// (tpm2_quote's, or base64's) is kept across the cleanup.
std::string stock_quote_command(std::uint32_t ak_handle, const PcrSelection& selection, const Bytes& nonce) {
  return "d=$(mktemp -d) || exit 1; tpm2_quote -Q -c " + handle_text(ak_handle) + " -l " + to_string(selection) +
         " -q " + to_hex(nonce) +
         " -g sha256 -m \"$d/message\" -s \"$d/signature\" -o \"$d/pcrs\""
         " && m=$(base64 -w0 \"$d/message\") && s=$(base64 -w0 \"$d/signature\") && p=$(base64 -w0 \"$d/pcrs\")"
         " && printf 'message %s\\nsignature %s\\npcrs %s\\n' \"$m\" \"$s\" \"$p\"; rc=$?; rm -rf \"$d\"; exit $rc";
}

Result<StockQuoteFiles> parse_labelled_quote(std::string_view text) {
  if (text.size() > kMaxStockOutput) return bad("larger than " + std::to_string(kMaxStockOutput) + " bytes");
  if (text.empty()) return bad("empty");
  if (text.back() != '\n') return bad("truncated (no end of line after the last value)");
  StockQuoteFiles files;
  std::array<bool, 3> seen{};
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    if (auto st = read_line(text.substr(start, end - start), files, seen); !st) return st.error();
    start = end + 1;
  }
  for (std::size_t i = 0; i < kLabels.size(); ++i) {
    if (!seen[i]) return bad("no '" + std::string(kLabels[i].name) + "' line");
  }
  return files;
}

Result<StockQuote> parse_stock_quote(std::string_view text) {
  auto files = parse_labelled_quote(text);
  if (!files) return files.error();
  auto pcrs = parse_pcr_file(files->pcrs);
  if (!pcrs) return make_error(pcrs.error().kind, "tpm2_quote output: pcrs: " + pcrs.error().message);
  return StockQuote{std::move(files->message), std::move(files->signature), std::move(*pcrs)};
}

}  // namespace attest::tpm
