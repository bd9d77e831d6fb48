// Deterministic mutations for the standalone fuzz driver: what libFuzzer's
// mutators do, minus coverage feedback, from a fixed seed so that every run
// of the regression tests feeds the parsers the same hostile inputs.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace attest::fuzz {

using Input = std::vector<std::uint8_t>;

class Mutator {
 public:
  // `corpus` supplies splice partners; `seed` fixes the whole sequence.
  Mutator(const std::vector<Input>& corpus, std::uint64_t seed) : corpus_(corpus), rng_(seed) {}

  // `base` with one to four stacked mutations.
  Input mutate(const Input& base);

 private:
  std::size_t below(std::size_t n);  // uniform in [0, n), 0 when n == 0
  void apply_one(Input& in);

  void flip_bit(Input& in);
  void set_byte(Input& in);
  void truncate(Input& in);
  void insert_bytes(Input& in);
  void erase_bytes(Input& in);
  void duplicate_chunk(Input& in);
  void tweak_length_field(Input& in);
  void splice(Input& in);
  void insert_token(Input& in);

  const std::vector<Input>& corpus_;
  std::mt19937_64 rng_;
};

}  // namespace attest::fuzz
