// Redfish resources as a BMC sends them (attest/redfish/resources): any
// bytes are an error or an object, every string read from one is
// terminal-safe, and member links stay under /redfish/v1 without "..".
#include "attest/redfish/resources.hpp"
#include "attest/util/text.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::redfish;

namespace {

bool safe(const std::string& s) { return terminal_text(s) == s; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = parse_resource(fuzz::text_of(data, size), "application/json", "GET /fuzz");
  if (!doc) {
    FUZZ_CHECK(doc.error().kind == ErrorKind::parse);
    return 0;
  }
  FUZZ_CHECK(doc->is_object());
  for (const auto& m : collection_members(*doc)) {
    FUZZ_CHECK(m.rfind("/redfish/v1", 0) == 0 && m.find("..") == std::string::npos);
  }
  const SystemFacts f = read_system(*doc);
  for (const auto* s : {&f.manufacturer, &f.model, &f.serial, &f.bios_version}) FUZZ_CHECK(safe(*s));
  for (const auto& p : read_protocols(*doc)) FUZZ_CHECK(safe(p.name));
  FUZZ_CHECK(safe(read_component(*doc).version) && safe(read_account(*doc).username));
  (void)read_lockout(*doc);
  (void)read_service_root(*doc);
  return 0;
}
