// The enrollment file (attest.enrollments/v1): evidence kept between runs, so
// a tampered or corrupted copy is untrusted input. What parses must write back
// to a document that parses to the same records.
#include "attest/tpm/enroll/enrollments.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::tpm;

namespace {

bool same_record(const EnrollmentRecord& a, const EnrollmentRecord& b) {
  return a.serial == b.serial && a.enrolled_at == b.enrolled_at && a.ek_certificate_sha256 == b.ek_certificate_sha256 &&
         a.ek_certificate_issuer == b.ek_certificate_issuer && a.ek_public == b.ek_public && a.ak_public == b.ak_public &&
         a.ak_name == b.ak_name && a.reset_count == b.reset_count && a.restart_count == b.restart_count &&
         a.tolerated == b.tolerated;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = parse_enrollments(fuzz::text_of(data, size), "fuzz.json");
  if (!parsed) {
    FUZZ_CHECK(parsed.error().kind == ErrorKind::input);
    return 0;
  }
  auto again = parse_enrollments(enrollments_to_json(*parsed), "fuzz.json");
  FUZZ_CHECK(again.ok() && again->site == parsed->site && again->devices.size() == parsed->devices.size());
  for (const auto& [name, record] : parsed->devices) FUZZ_CHECK(same_record(record, again->devices.at(name)));
  return 0;
}
