#include "attest/integrity/golden_check.hpp"

#include <algorithm>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/util/text.hpp"

namespace attest::integrity {
namespace {

// Details quote what the switch printed (platform, versions, its certificate's
// subject, in verification errors too): made safe for a terminal here, once.
Finding make(CheckStatus status, const std::string& detail, std::string rule = {}) {
  return Finding{check::kMeasuredBoot, status, terminal_text(detail), std::move(rule)};
}

bool listed(const std::vector<std::string>& golden, const Bytes& digest) {
  return std::find(golden.begin(), golden.end(), to_hex(digest)) != golden.end();
}

// The first reported hash that the policy does not list, in boot order.
const MeasuredHash* first_not_golden(const IntegrityReport& r, const IntegrityPolicy& p) {
  if (!listed(p.boot0_hashes, r.boot0.digest)) return &r.boot0;
  if (!listed(p.boot_loader_hashes, r.boot_loader.digest)) return &r.boot_loader;
  for (const auto& os : r.os_hashes)
    if (!listed(p.os_hashes, os.digest)) return &os;
  return nullptr;
}

// One device-printed value in a detail, capped.
std::string shown(const std::string& device_text) { return truncate_code_points(terminal_text(device_text), 80); }

std::string release_of(const IntegrityReport& r) {
  return "model '" + shown(r.platform) + "' OS '" + shown(r.os_version) + "'";
}

Finding judge(const VerifiedIntegrity& v, std::uint64_t nonce, const GoldenDb& db) {
  const IntegrityReport& r = v.report;
  const IntegrityPolicy* policy = db.find_integrity(r.platform, r.os_version);
  if (!policy) return make(CheckStatus::fail, "no golden integrity values for " + release_of(r) + " (firmware-db/integrity)");
  if (const MeasuredHash* bad = first_not_golden(r, *policy)) {
    return make(CheckStatus::fail,
                shown(bad->name) + " " + to_hex(bad->digest) + " is not a golden value for " + release_of(r) +
                    " (the switch's signed PCRs replay from it: it is what booted)",
                policy->source);
  }
  return make(CheckStatus::pass,
              "integrity evidence signed by SUDI " + shown(v.identity.subject_serial) + " with nonce " + std::to_string(nonce) +
                  "; PCR0/PCR8 replay; Boot 0, boot loader and " + std::to_string(r.os_hashes.size()) +
                  " OS hash(es) golden for " + release_of(r),
              policy->source);
}

}  // namespace

Finding check_switch_integrity(const SwitchIntegrityInputs& in, const GoldenDb& db) {
  for (const auto* output : {&in.integrity_output, &in.sudi_output}) {
    if (!output->ok()) return make(CheckStatus::error, "no integrity evidence: " + output->error().message);
  }
  auto verified = verify_switch_integrity(*in.integrity_output, *in.sudi_output, in.trusted_roots_der, in.nonce);
  if (!verified) {
    // Output that does not parse (or a refusal) is "not understood"; the rest is a verdict.
    if (verified.error().kind == ErrorKind::parse)
      return make(CheckStatus::error, "integrity evidence not understood: " + verified.error().message);
    return make(CheckStatus::fail, verified.error().message);
  }
  return judge(*verified, in.nonce, db);
}

}  // namespace attest::integrity
