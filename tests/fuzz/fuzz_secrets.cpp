// The secrets file (attest.secrets/v1): errors name fields, never values, and
// what loads holds only safe usernames and ids.
#include "attest/config/secrets_loader.hpp"
#include "attest/util/names.hpp"
#include "fuzz_support.hpp"

using namespace attest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto secrets = parse_secrets(fuzz::text_of(data, size), "/fuzz/secrets.json");
  if (!secrets) {
    FUZZ_CHECK(secrets.error().kind == ErrorKind::input);
    return 0;
  }
  for (const auto& [id, c] : secrets->credentials) {
    FUZZ_CHECK(!unsafe_name_reason(id) && !unsafe_name_reason(c.username));
    FUZZ_CHECK(c.password.has_value() != c.private_key.has_value());
  }
  for (const auto& r : secrets->retired) FUZZ_CHECK(!unsafe_name_reason(r.id) && !unsafe_name_reason(r.username));
  return 0;
}
