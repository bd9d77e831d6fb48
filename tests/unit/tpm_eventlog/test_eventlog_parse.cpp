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
  const EventLog whole = r660_builder().build();
  std::set<std::size_t> boundaries;
  for (const auto& e : whole.events) boundaries.insert(e.offset);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    auto log = parse_event_log(span_of(cut));
    if (boundaries.count(n) != 0) {
      REQUIRE(log.ok());
      continue;
    }
    if (log.ok()) {
      // The cut left only zero bytes of the next event (its PCR index, say):
      // read as padding, which drops no whole event and is reported.
      CHECK(log->events.size() < whole.events.size());
      REQUIRE(log->notes.size() == 1);
      CHECK(log->notes[0].find("of padding after the last event ignored") != std::string::npos);
      continue;
    }
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

TEST_CASE("a log without the Spec ID header is a SHA1-only (TPM 1.2 format) log") {
  // TCG_PCClientPCREvent entries only (PFP 10.2.1): an EV_S_CRTM_VERSION first.
  Bytes legacy;
  detail::put_le(legacy, 0, 4);
  detail::put_le(legacy, kEvSCrtmVersion, 4);
  legacy.insert(legacy.end(), 20, 0xab);
  detail::put_le(legacy, 2, 4);
  legacy.insert(legacy.end(), {'1', 0});
  auto log = parse_event_log(span_of(legacy));
  REQUIRE_MESSAGE(log.ok(), log.error().message);
  CHECK(log->format == EventLogFormat::sha1_only);
  CHECK(log->algorithms == std::map<std::uint16_t, std::size_t>{{kAlgSha1, 20}});
  REQUIRE(log->events.size() == 1);
  CHECK(log->events[0].index == 1);
  CHECK(log->events[0].digests.at(kAlgSha1) == Bytes(20, 0xab));
  CHECK(log->events[0].data == Bytes{'1', 0});
  // The TPM 1.2 EFI Spec ID event ("Spec ID Event00") is an ordinary
  // EV_NO_ACTION entry of such a log, not a crypto-agile header.
  EventLog v12 = EventLogBuilder::sha1_only().separators({0}).build();
  v12.events.insert(v12.events.begin(), make_event(0, kEvNoAction, Bytes{'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ', 'E',
                                                                          'v', 'e', 'n', 't', '0', '0', 0},
                                                    std::vector<std::uint16_t>{kAlgSha1}));
  auto parsed = parse_event_log(span_of(write_event_log(v12)));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(parsed->format == EventLogFormat::sha1_only);
  CHECK(parsed->events.size() == 2);
}

TEST_CASE("a SHA1-only log round-trips through the writer and replays to SHA1 PCRs") {
  const EventLog log = EventLogBuilder::sha1_only().crtm_version("1.2.3").separators({0, 4}).build();
  const Bytes bytes = write_event_log(log);
  CHECK(bytes.size() == log.events.size() * 32 + 12 + 4 + 4);  // three entries: CRTM (12 bytes data), two separators
  auto parsed = parse_event_log(span_of(bytes));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(*parsed == log);
  const PcrValues pcrs = replay(*parsed);
  REQUIRE(pcrs.size() == 1);
  REQUIRE(pcrs.count(kAlgSha1) == 1);
  CHECK(pcrs.at(kAlgSha1).size() == 2);
  // PCR4 = sha1(0^20 || sha1(00000000)).
  Bytes pcr4(20, 0);
  const Bytes sep = hash_with(kAlgSha1, std::string_view("\0\0\0\0", 4));
  pcr4.insert(pcr4.end(), sep.begin(), sep.end());
  CHECK(pcrs.at(kAlgSha1).at(4) == hash_with(kAlgSha1, detail::as_text(pcr4)));
}

TEST_CASE("a broken crypto-agile header is an error, not a SHA1-only log") {
  Bytes bytes = write_event_log(kSmall);
  put_u32_at(bytes, 28, 0x7fffffff);  // the Spec ID event's size
  CHECK(parse_error_of(bytes) ==
        "event log: event 0 at offset 0x00000000: header event data (2147483647 bytes) runs past the end");
  CHECK(parse_error_of(Bytes(10, 1)) == "event log: event 0 at offset 0x00000000: truncated first event");
}

TEST_CASE("padding after the last event is ignored and reported; other trailing bytes are not") {
  for (const std::uint8_t fill : {std::uint8_t{0x00}, std::uint8_t{0xff}}) {
    CAPTURE(int{fill});
    Bytes bytes = write_event_log(kSmall);
    bytes.insert(bytes.end(), 300, fill);
    auto log = parse_event_log(span_of(bytes));
    REQUIRE_MESSAGE(log.ok(), log.error().message);
    CHECK(log->events == kSmall.events);
    CHECK(log->notes == std::vector<std::string>{"300 byte(s) of padding after the last event ignored"});
    CHECK(replay(*log) == replay(kSmall));
  }
  Bytes legacy = write_event_log(EventLogBuilder::sha1_only().separators({0}).build());
  legacy.insert(legacy.end(), 64, 0);
  auto log = parse_event_log(span_of(legacy));
  REQUIRE_MESSAGE(log.ok(), log.error().message);
  CHECK(log->events.size() == 1);
  // Mixed bytes after the last event are an event that does not parse.
  Bytes mixed = write_event_log(kSmall);
  mixed.insert(mixed.end(), {0, 0, 0, 0, 1, 0, 0, 0});
  CHECK(parse_error_of(mixed).find("event 2 at offset") != std::string::npos);
}

TEST_CASE("EV_NO_ACTION may carry any PCR index; a measured event may not") {
  EventLog log = kSmall;
  Event info = make_event(0xffffffff, kEvNoAction, Bytes{'i', 'n', 'f', 'o'}, std::vector<std::uint16_t>{});
  log.events.push_back(info);
  auto parsed = parse_event_log(span_of(write_event_log(log)));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(parsed->events.size() == 2);
  CHECK(replay(*parsed) == replay(kSmall));
  log.events.back() = make_event(24, kEvSeparator, Bytes(4, 0), std::vector<std::uint16_t>{kAlgSha1, kAlgSha256});
  CHECK(parse_error_of(write_event_log(log)).find("PCR index 24 out of range") != std::string::npos);
}

TEST_CASE("an unknown hash algorithm in the Spec ID event is read, reported and not replayed") {
  EventLog log = EventLogBuilder().separators({0}).build();
  constexpr std::uint16_t kSm3 = 0x0012;
  log.algorithms[kSm3] = 32;
  log.events[0].digests[kSm3] = Bytes(32, 0x5a);
  auto parsed = parse_event_log(span_of(write_event_log(log)));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(parsed->events[0].digests.at(kSm3) == Bytes(32, 0x5a));
  REQUIRE(parsed->notes.size() == 1);
  CHECK(parsed->notes[0] ==
        "hash algorithm 0x0012 (32-byte digests) in the Spec ID event is not one attest can compute: its digests are "
        "read, its bank is not replayed");
  CHECK(replay(*parsed).count(kSm3) == 0);
  CHECK(bank_name(kSm3) == "sm3_256");
  CHECK(bank_name(0x0042) == "0x0042");
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

TEST_CASE("bytes after a UEFI variable's data are tolerated and reported") {
  Bytes data = encode_uefi_variable(kEfiGlobalVariable, "SecureBoot", Bytes{1});
  data.insert(data.end(), {0, 0});  // two bytes some firmware measures after the variable
  const EventLog log = EventLogBuilder().add(7, kEvEfiVariableDriverConfig, data).build();
  auto parsed = parse_event_log(span_of(write_event_log(log)));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(parsed->notes ==
        std::vector<std::string>{"event 1 EV_EFI_VARIABLE_DRIVER_CONFIG: 2 byte(s) after the UEFI_VARIABLE_DATA ignored"});
  CHECK(extract_boot_facts(*parsed).secure_boot == true);
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
