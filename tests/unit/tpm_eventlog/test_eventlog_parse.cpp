#include <doctest/doctest.h>

#include <random>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"
#include "eventlog_test_util.hpp"

using namespace attest;
using namespace attest::tpm;
using attest::testing::r660_builder;
using attest::testing::span_of;

namespace {

std::string parse_error_of(const Bytes& bytes) {
  auto log = parse_event_log(span_of(bytes));
  REQUIRE_FALSE(log.ok());
  CHECK(log.error().kind == ErrorKind::parse);
  return log.error().message;
}

void put_u32_at(Bytes& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// A one-event log: Spec ID (sha1, sha256) + an EV_SEPARATOR on PCR0.
const EventLog kSmall = EventLogBuilder().separators({0}).build();

}  // namespace

TEST_CASE("a written log parses back to the same events, indices and offsets") {
  const EventLog log = r660_builder().startup_locality(3).build();
  const Bytes bytes = write_event_log(log);
  auto parsed = parse_event_log(span_of(bytes));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(*parsed == log);
  CHECK(parsed->algorithms == std::map<std::uint16_t, std::size_t>{{kAlgSha1, 20}, {kAlgSha256, 32}});
  CHECK(parsed->events.front().index == 1);
  CHECK(parsed->startup_locality == std::uint8_t{3});
  CHECK(write_event_log(*parsed) == bytes);
}

TEST_CASE("a log truncated at any offset is an error naming an offset, or a shorter valid log") {
  const Bytes bytes = write_event_log(r660_builder().build());
  std::set<std::size_t> boundaries;
  for (const auto& e : r660_builder().build().events) boundaries.insert(e.offset);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    auto log = parse_event_log(span_of(cut));
    if (boundaries.count(n) != 0) {
      REQUIRE(log.ok());
      continue;
    }
    REQUIRE_FALSE(log.ok());
    CHECK(log.error().kind == ErrorKind::parse);
    CHECK(log.error().message.find(" at offset 0x") != std::string::npos);
  }
}

TEST_CASE("errors name the event index and byte offset") {
  Bytes bytes = write_event_log(kSmall);
  REQUIRE(kSmall.events[0].offset == 0x45);  // 32-byte header + 37-byte Spec ID event
  bytes.resize(bytes.size() - 1);
  // The offset is that of the eventSize field the data overruns.
  CHECK(parse_error_of(bytes) == "event log: event 1 at offset 0x00000089: event data (4 bytes) runs past the end");
}

TEST_CASE("huge counts and sizes are refused before anything is allocated") {
  const std::size_t at = kSmall.events[0].offset;
  Bytes bytes = write_event_log(kSmall);
  Bytes huge_count = bytes;
  put_u32_at(huge_count, at + 8, 0xffffffff);
  CHECK(parse_error_of(huge_count) == "event log: event 1 at offset 0x00000045: digest count 4294967295 exceeds 8");
  Bytes huge_size = bytes;
  put_u32_at(huge_size, bytes.size() - 8, 0xfffffff0);
  CHECK(parse_error_of(huge_size) == "event log: event 1 at offset 0x00000089: event size 4294967280 exceeds 1048576");
  Bytes huge_header = bytes;
  put_u32_at(huge_header, 28, 0x7fffffff);
  CHECK(parse_error_of(huge_header) ==
        "event log: event 0 at offset 0x00000000: header event data (2147483647 bytes) "
        "runs past the end");
  Bytes algs = bytes;
  put_u32_at(algs, 32 + 24, 1000000);
  CHECK(parse_error_of(algs) ==
        "event log: event 0 at offset 0x00000000: Spec ID event: numberOfAlgorithms 1000000 "
        "is not 1-8");
  CHECK(parse_error_of(Bytes(kMaxEventLogBytes + 1, 0)) == "event log: 4194305 bytes exceeds the cap of 4194304");
}

TEST_CASE("more than 10,000 events are refused") {
  EventLogBuilder b({kAlgSha256});
  for (std::size_t i = 0; i <= kMaxEvents; ++i) b.add(8, kEvIpl, Bytes{});
  CHECK(parse_error_of(write_event_log(b.build())).find("event 10001 at offset") != std::string::npos);
}

TEST_CASE("a digest algorithm not declared in the Spec ID event is refused") {
  Event e = make_event(0, kEvSeparator, Bytes(4, 0), std::vector<std::uint16_t>{kAlgSha1, kAlgSha256});
  e.digests[kAlgSha384] = Bytes(48, 0);
  EventLog log = kSmall;
  log.events.push_back(e);
  // Event 2 starts at 0x45 + 76 = 0x91; its third digest (after sha1 and sha256) at 0x91 + 12 + 22 + 34.
  CHECK(parse_error_of(write_event_log(log)) ==
        "event log: event 2 at offset 0x000000d5: digest algorithm 0x000c is not declared in the Spec ID event");
}

TEST_CASE("a measured event without a digest for a declared bank is refused") {
  EventLog log = kSmall;
  log.events[0].digests.erase(kAlgSha1);
  CHECK(parse_error_of(write_event_log(log)) ==
        "event log: event 1 at offset 0x00000045: EV_SEPARATOR has no digest for algorithm 0x0004 declared in the "
        "Spec ID event");
}

TEST_CASE("a SHA1-only (TPM 1.2 format) log is refused with a clear reason") {
  // TCG_PCClientPCREvent entries only (PFP 10.2.1): an EV_S_CRTM_VERSION first.
  Bytes legacy;
  detail::put_le(legacy, 0, 4);
  detail::put_le(legacy, kEvSCrtmVersion, 4);
  legacy.insert(legacy.end(), 20, 0xab);
  detail::put_le(legacy, 2, 4);
  legacy.insert(legacy.end(), {'1', 0});
  CHECK(parse_error_of(legacy) ==
        "event log: event 0 at offset 0x00000000: no \"Spec ID Event03\" header: a "
        "SHA1-only (TPM 1.2 format) event log is not supported, only crypto-agile logs");
  // The TPM 1.2 Spec ID event ("Spec ID Event00") is refused the same way.
  Bytes v12 = write_event_log(kSmall);
  v12[32 + 14] = '0';
  CHECK(parse_error_of(v12).find("SHA1-only (TPM 1.2 format)") != std::string::npos);
}

TEST_CASE("Spec ID algorithms with a wrong digest size or listed twice are refused") {
  Bytes bytes = write_event_log(kSmall);
  Bytes wrong_size = bytes;
  wrong_size[32 + 28 + 2] = 21;  // sha1 digestSize
  CHECK(parse_error_of(wrong_size) ==
        "event log: event 0 at offset 0x00000000: Spec ID event: algorithm 0x0004 has digest size 21");
  Bytes twice = bytes;
  twice[32 + 28 + 4] = 0x04;  // sha256 -> sha1
  twice[32 + 28 + 6] = 20;
  CHECK(parse_error_of(twice) ==
        "event log: event 0 at offset 0x00000000: Spec ID event: algorithm 0x0004 listed twice");
}

TEST_CASE("a malformed StartupLocality or UEFI variable event is refused") {
  EventLogBuilder b;
  b.startup_locality(2);
  CHECK(parse_error_of(write_event_log(b.build())).find("malformed StartupLocality event") != std::string::npos);
  EventLog twice = EventLogBuilder().startup_locality(3).startup_locality(3).build();
  CHECK(parse_error_of(write_event_log(twice)).find("event 2 at offset") != std::string::npos);
  EventLog bad_var = EventLogBuilder().add(7, kEvEfiVariableDriverConfig, Bytes(40, 0xff)).build();
  CHECK(parse_error_of(write_event_log(bad_var)) ==
        "event log: event 1 at offset 0x00000045: "
        "EV_EFI_VARIABLE_DRIVER_CONFIG data is not a UEFI_VARIABLE_DATA");
}

TEST_CASE("event type names follow the PC Client spec") {
  CHECK(std::string(event_type_name(kEvNoAction)) == "EV_NO_ACTION");
  CHECK(std::string(event_type_name(kEvEfiBootServicesApplication)) == "EV_EFI_BOOT_SERVICES_APPLICATION");
  CHECK(std::string(event_type_name(kEvEfiPlatformFirmwareBlob2)) == "EV_EFI_PLATFORM_FIRMWARE_BLOB2");
  CHECK(std::string(event_type_name(kEvEfiVariableAuthority)) == "EV_EFI_VARIABLE_AUTHORITY");
  CHECK(std::string(event_type_name(0x12345678)) == "EV_UNKNOWN");
}

TEST_CASE("randomly corrupted logs parse or fail cleanly, and whatever parses can be replayed and checked") {
  const Bytes original = write_event_log(r660_builder().startup_locality(3).build());
  std::mt19937 rng(20261129);  // fixed seed: reproducible
  BootPolicy policy;
  policy.pcr_selection = "sha256:0,4,7";
  std::size_t parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    Bytes bytes = original;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
    auto log = parse_event_log(span_of(bytes));
    if (!log) {
      CHECK(log.error().message.rfind("event log: event ", 0) == 0);
      continue;
    }
    ++parsed;
    const PcrValues pcrs = replay(*log);
    const BootFacts facts = extract_boot_facts(*log);
    const Finding f = check_measured_boot(*log, pcrs, {{kAlgSha256, {0, 4, 7}}}, &policy);
    CHECK(f.status != CheckStatus::skip);
    CHECK(facts.crtm_versions.size() <= log->events.size());
  }
  CHECK(parsed > 0);  // digest-only corruption still parses
}
