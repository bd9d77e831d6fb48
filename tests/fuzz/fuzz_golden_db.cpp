// The golden DB files (firmware, default credentials, boot), parsed from the
// bytes verify_db returns. The same bytes are tried as each kind of file, and
// as a whole DB; whatever loads can be linted.
#include "attest/config/golden_loader.hpp"
#include "fuzz_support.hpp"

using namespace attest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::text_of(data, size));
  for (auto parse : {parse_firmware_file, parse_credentials_file, parse_boot_file}) {
    GoldenDb db;
    auto status = parse(text, "fuzz.json", db);
    if (!status) FUZZ_CHECK(status.error().kind == ErrorKind::input);
    (void)golden_db_notes(db);
  }
  const sign::DbFiles files{{"boot/x.json", text}, {"credentials/x.json", text}, {"firmware/x.json", text}};
  auto db = load_golden_db(files, "/fuzz/db");
  if (!db) FUZZ_CHECK(db.error().kind == ErrorKind::input);
  return 0;
}
