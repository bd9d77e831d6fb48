#include "mutator.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace attest::fuzz {
namespace {

constexpr std::array<std::uint8_t, 8> kInterestingBytes = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff, 0x20};

// Tokens that move JSON and text parsers to their edges.
constexpr std::array<std::string_view, 18> kTokens = {
    "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "true", "-1", "0", "1e999", "18446744073709551616",
    "\"\\u0000\"", "\"\\ud800\"", "\n", "{\"schema\":"};

std::uint64_t read_field(const Input& in, std::size_t at, std::size_t width, bool big_endian) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t byte = big_endian ? i : width - 1 - i;
    v = (v << 8) | in[at + byte];
  }
  return v;
}

void write_field(Input& in, std::size_t at, std::size_t width, bool big_endian, std::uint64_t v) {
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t byte = big_endian ? width - 1 - i : i;
    in[at + byte] = static_cast<std::uint8_t>(v >> (8 * i));
  }
}

}  // namespace

std::size_t Mutator::below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

Input Mutator::mutate(const Input& base) {
  Input out = base;
  const std::size_t rounds = 1 + below(4);
  for (std::size_t i = 0; i < rounds; ++i) apply_one(out);
  return out;
}

void Mutator::apply_one(Input& in) {
  switch (below(9)) {
    case 0: return flip_bit(in);
    case 1: return set_byte(in);
    case 2: return truncate(in);
    case 3: return insert_bytes(in);
    case 4: return erase_bytes(in);
    case 5: return duplicate_chunk(in);
    case 6: return splice(in);
    case 7: return insert_token(in);
    default: return tweak_length_field(in);
  }
}

void Mutator::flip_bit(Input& in) {
  if (in.empty()) return;
  in[below(in.size())] ^= static_cast<std::uint8_t>(1u << below(8));
}

void Mutator::set_byte(Input& in) {
  if (in.empty()) return;
  const bool interesting = below(2) == 0;
  in[below(in.size())] = interesting ? kInterestingBytes[below(kInterestingBytes.size())] : static_cast<std::uint8_t>(rng_());
}

void Mutator::truncate(Input& in) { in.resize(below(in.size() + 1)); }

void Mutator::insert_bytes(Input& in) {
  const std::size_t at = below(in.size() + 1);
  Input extra(1 + below(16));
  for (auto& b : extra) b = static_cast<std::uint8_t>(rng_());
  in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), extra.begin(), extra.end());
}

void Mutator::erase_bytes(Input& in) {
  if (in.empty()) return;
  const std::size_t at = below(in.size());
  const std::size_t n = 1 + below(std::min<std::size_t>(in.size() - at, 64));
  in.erase(in.begin() + static_cast<std::ptrdiff_t>(at), in.begin() + static_cast<std::ptrdiff_t>(at + n));
}

// A repeated chunk: repeated events, list entries, JSON members.
void Mutator::duplicate_chunk(Input& in) {
  if (in.empty()) return;
  const std::size_t from = below(in.size());
  const std::size_t n = 1 + below(std::min<std::size_t>(in.size() - from, 256));
  const Input chunk(in.begin() + static_cast<std::ptrdiff_t>(from), in.begin() + static_cast<std::ptrdiff_t>(from + n));
  const std::size_t at = below(in.size() + 1);
  in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), chunk.begin(), chunk.end());
}

// A size or count field pushed to an edge: TPM structures are big-endian,
// event logs and tpm2-tools PCR files little-endian, so both are tried.
void Mutator::tweak_length_field(Input& in) {
  static constexpr std::array<std::size_t, 4> kWidths = {1, 2, 4, 8};
  const std::size_t width = kWidths[below(kWidths.size())];
  if (in.size() < width) return;
  const std::size_t at = below(in.size() - width + 1);
  const bool big_endian = below(2) == 0;
  const std::uint64_t old = read_field(in, at, width, big_endian);
  const std::uint64_t max = width == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * width)) - 1;
  const std::array<std::uint64_t, 9> choices = {
      0, 1, old + 1, old - 1, old * 2, max, max / 2 + 1, in.size() - at, static_cast<std::uint64_t>(rng_())};
  write_field(in, at, width, big_endian, choices[below(choices.size())] & max);
}

// The head of this input with the tail of another corpus file.
void Mutator::splice(Input& in) {
  if (corpus_.empty()) return;
  const Input& other = corpus_[below(corpus_.size())];
  const std::size_t keep = below(in.size() + 1);
  const std::size_t from = below(other.size() + 1);
  in.resize(keep);
  in.insert(in.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
}

void Mutator::insert_token(Input& in) {
  const std::string_view token = kTokens[below(kTokens.size())];
  const std::size_t at = below(in.size() + 1);
  in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), token.begin(), token.end());
}

}  // namespace attest::fuzz
