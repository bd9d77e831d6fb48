// Cisco `show platform integrity` and `show platform sudi certificate` output
// (attest/integrity): whatever parses has digests of the sizes the scheme
// allows, within the caps, and goes through verification (chain, signatures,
// PCR replay) without a crash; a verdict never depends on which run it is.
#include "attest/integrity/cisco_integrity.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::integrity;

namespace {

std::vector<Bytes> roots() {
  static const std::vector<Bytes> der = [] {
    std::vector<Bytes> out;
    for (const char* file : {"cisco-root-ca-2048.pem", "cisco-root-ca-2099.pem"}) {
      auto text = read_file(fuzz::source_path(std::string("firmware-db/tpm-roots/cisco-sudi/") + file));
      if (!text) fuzz::invariant_failed(text.error().message.c_str(), __FILE__, __LINE__);
      auto certs = pem_certificates_der(*text);
      if (!certs || certs->size() != 1) fuzz::invariant_failed("a Cisco root file holds one certificate", __FILE__, __LINE__);
      out.push_back(certs->front());
    }
    return out;
  }();
  return der;
}

void check_integrity(std::string_view text) {
  auto report = parse_integrity(text);
  if (!report) {
    FUZZ_CHECK(report.error().kind == ErrorKind::parse);
    return;
  }
  for (const auto* hash : {&report->boot0, &report->boot_loader}) FUZZ_CHECK(hash->digest.size() == 32 || hash->digest.size() == 64);
  FUZZ_CHECK(!report->os_hashes.empty() && report->os_hashes.size() <= kMaxOsHashes);
  FUZZ_CHECK(report->pcr0.size() == 32 && report->pcr8.size() == 32);
  FUZZ_CHECK(replay_pcr8(*report).size() == 32);
  const auto device = roots().front();  // a CA, not the signer: verification must refuse, not crash
  const auto first = verify_integrity(*report, device, report->nonce.value_or(1));
  const auto second = verify_integrity(*report, device, report->nonce.value_or(1));
  FUZZ_CHECK(!first.ok() && !second.ok() && first.error().message == second.error().message);
}

void check_sudi(std::string_view text) {
  auto sudi = parse_sudi(text);
  if (!sudi) {
    FUZZ_CHECK(sudi.error().kind == ErrorKind::parse);
    return;
  }
  FUZZ_CHECK(sudi->certificates_der.size() >= 3 && sudi->certificates_der.size() <= kMaxSudiCertificates);
  const auto verdict = verify_sudi(*sudi, roots(), sudi->nonce.value_or(1));
  if (!verdict) FUZZ_CHECK(verdict.error().kind == ErrorKind::crypto || verdict.error().kind == ErrorKind::usage);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  check_integrity(text);
  check_sudi(text);
  return 0;
}
