// The inventory (attest.inventory/v1): written by hand or exported from a
// source of truth, so any bytes. What loads must hold only safe, unique names
// and limits within their ranges; what does not is an input error.
#include <set>

#include "attest/config/inventory_loader.hpp"
#include "attest/util/names.hpp"
#include "fuzz_support.hpp"

using namespace attest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto inv = parse_inventory(fuzz::text_of(data, size), "fuzz.json", /*require_pins=*/false);
  if (!inv) {
    FUZZ_CHECK(inv.error().kind == ErrorKind::input);
    return 0;
  }
  FUZZ_CHECK(!unsafe_name_reason(inv->site));
  std::set<std::string> names;
  for (const auto& d : inv->devices) {
    FUZZ_CHECK(!d.name.empty() && !unsafe_name_reason(d.name) && !unsafe_name_reason(d.credential));
    FUZZ_CHECK(names.insert(d.name).second);
    FUZZ_CHECK(!d.max_auth_per_connection || (*d.max_auth_per_connection >= 1 && *d.max_auth_per_connection <= 64));
    FUZZ_CHECK(d.port >= 1);
  }
  return 0;
}
