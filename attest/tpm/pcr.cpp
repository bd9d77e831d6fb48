#include "attest/tpm/pcr.hpp"

#include <charconv>

#include <openssl/evp.h>

namespace attest::tpm {
namespace {

struct AlgInfo {
  std::uint16_t id;
  const char* name;
  std::size_t size;
  const EVP_MD* (*md)();
};

constexpr AlgInfo kAlgs[] = {
    {kAlgSha1, "sha1", 20, EVP_sha1},
    {kAlgSha256, "sha256", 32, EVP_sha256},
    {kAlgSha384, "sha384", 48, EVP_sha384},
    {kAlgSha512, "sha512", 64, EVP_sha512},
};

const AlgInfo* find_alg(std::uint16_t alg) {
  for (const auto& a : kAlgs)
    if (a.id == alg) return &a;
  return nullptr;
}

Result<unsigned> parse_pcr_index(std::string_view s, std::string_view whole) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v > kMaxPcr) {
    return make_error(ErrorKind::input, "PCR selection '" + std::string(whole) + "': '" + std::string(s) +
                                            "' is not a PCR index 0-" + std::to_string(kMaxPcr));
  }
  return v;
}

Status parse_bank_items(std::string_view items, std::string_view whole, std::set<unsigned>& out) {
  while (!items.empty()) {
    const auto comma = items.find(',');
    const std::string_view item = items.substr(0, comma);
    const auto dash = item.find('-');
    auto first = parse_pcr_index(item.substr(0, dash), whole);
    if (!first) return first.error();
    auto last = dash == std::string_view::npos ? first : parse_pcr_index(item.substr(dash + 1), whole);
    if (!last) return last.error();
    if (*last < *first) return make_error(ErrorKind::input, "PCR selection '" + std::string(whole) + "': empty range");
    for (unsigned i = *first; i <= *last; ++i) out.insert(i);
    items = comma == std::string_view::npos ? std::string_view() : items.substr(comma + 1);
  }
  return ok_status();
}

}  // namespace

const char* hash_alg_name(std::uint16_t alg) {
  const AlgInfo* a = find_alg(alg);
  return a ? a->name : nullptr;
}

std::optional<std::uint16_t> hash_alg_from_name(std::string_view name) {
  for (const auto& a : kAlgs)
    if (name == a.name) return a.id;
  return std::nullopt;
}

std::size_t hash_alg_size(std::uint16_t alg) {
  const AlgInfo* a = find_alg(alg);
  return a ? a->size : 0;
}

Bytes hash_with(std::uint16_t alg, std::string_view data) {
  const AlgInfo* a = find_alg(alg);
  if (!a) return {};
  Bytes out(a->size);
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, a->md(), nullptr) != 1) return {};
  return out;
}

Result<PcrSelection> parse_pcr_selection(std::string_view text) {
  PcrSelection out;
  std::string_view rest = text;
  if (rest.empty()) return make_error(ErrorKind::input, "PCR selection is empty");
  while (!rest.empty()) {
    const auto plus = rest.find('+');
    const std::string_view bank = rest.substr(0, plus);
    const auto colon = bank.find(':');
    if (colon == std::string_view::npos) {
      return make_error(ErrorKind::input, "PCR selection '" + std::string(text) + "': expected ALG:PCRS");
    }
    const auto alg = hash_alg_from_name(bank.substr(0, colon));
    if (!alg) {
      return make_error(ErrorKind::input, "PCR selection '" + std::string(text) + "': unknown hash algorithm '" +
                                              std::string(bank.substr(0, colon)) + "'");
    }
    if (auto st = parse_bank_items(bank.substr(colon + 1), text, out[*alg]); !st) return st.error();
    if (out[*alg].empty()) return make_error(ErrorKind::input, "PCR selection '" + std::string(text) + "': no PCRs");
    rest = plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
  }
  return out;
}

std::string to_string(const PcrSelection& selection) {
  std::string out;
  for (const auto& [alg, pcrs] : selection) {
    if (!out.empty()) out += "+";
    const char* name = hash_alg_name(alg);
    out += name ? name : "alg" + std::to_string(alg);
    out += ":";
    bool first = true;
    for (unsigned p : pcrs) {
      out += (first ? "" : ",") + std::to_string(p);
      first = false;
    }
  }
  return out;
}

}  // namespace attest::tpm
