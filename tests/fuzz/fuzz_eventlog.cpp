// The TCG event log (binary_bios_measurements), crypto-agile or SHA1-only:
// parse, replay every bank, extract the boot facts, run the measured-boot
// check against the shipped R660 golden policy, describe every event (as
// `attest eventlog show` does), derive golden values (`attest boot golden`),
// and write the log back out: a log that parses must survive write_event_log
// and parse to the same events.
#include "attest/config/golden_loader.hpp"
#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/describe.hpp"
#include "attest/tpm/eventlog/golden_gen.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace attest;
using namespace attest::tpm;

const BootPolicy& golden_policy() {
  static const BootPolicy policy = [] {
    const std::string path = fuzz::source_path("firmware-db/boot/dell.json");
    auto text = read_file(path);
    FUZZ_CHECK(text.ok());
    GoldenDb db;
    FUZZ_CHECK(parse_boot_file(*text, path, db).ok() && db.boot.size() == 1);
    return db.boot.front();
  }();
  return policy;
}

// Events equal but for their byte offsets, which depend on the header's vendorInfo.
bool same_events(const EventLog& a, const EventLog& b) {
  if (a.format != b.format || a.algorithms != b.algorithms || a.startup_locality != b.startup_locality || a.events.size() != b.events.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    if (x.index != y.index || x.pcr != y.pcr || x.type != y.type || x.digests != y.digests || x.data != y.data) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto log = parse_event_log(fuzz::bytes_of(data, size));
  if (!log) return 0;
  const PcrValues replayed = replay(*log);
  for (const auto& [alg, bank] : replayed)
    for (const auto& [pcr, value] : bank) FUZZ_CHECK(pcr <= kMaxPcr && value.size() == hash_alg_size(alg));
  for (unsigned pcr = 0; pcr <= kMaxPcr; ++pcr) {
    if (const auto last = last_event_extending(*log, pcr)) FUZZ_CHECK(*last >= 1 && *last <= log->events.size());
  }
  (void)extract_boot_facts(*log);
  // The replayed values stand in for a verified quote (a PCR no event extends
  // reads as zeros): the replay step must pass, only golden matching can fail.
  PcrValues quoted = replayed;
  for (const auto& [alg, digest_size] : log->algorithms)
    for (unsigned pcr = 0; pcr <= 7 && hash_alg_size(alg) == digest_size; ++pcr) quoted[alg].try_emplace(pcr, digest_size, 0);
  const Finding f = check_measured_boot(*log, quoted, *parse_pcr_selection("sha256:0-7"), &golden_policy());
  FUZZ_CHECK(f.status == CheckStatus::pass || f.status == CheckStatus::fail);
  FUZZ_CHECK(!event_log_text(*log).empty());
  FUZZ_CHECK(event_log_json(*log)["events"].size() == log->events.size());
  if (auto golden = golden_boot_document(*log, GoldenBootRequest{"M", "1", "", Bytes(32, 0), "", ""})) {
    FUZZ_CHECK((*golden)["policies"].size() == 1);
  }
  auto again = parse_event_log(write_event_log(*log));
  FUZZ_CHECK(again.ok() && same_events(*log, *again));
  return 0;
}
