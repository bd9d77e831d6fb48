// Parsing of the crypto-agile (PFP 1.05 section 10) and SHA1-only (TPM 1.2)
// event logs. Every length is untrusted: it is checked against the bytes left
// and against the caps in eventlog.hpp before anything is allocated.
#include <algorithm>
#include <cstring>
#include <string>

#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

using detail::hex_field;
using detail::LeReader;

// PFP 10.4.5.1: TCG_EfiSpecIDEvent.signature; 10.4.5.3: StartupLocality.
constexpr char kSpecIdSignature[16] = "Spec ID Event03";
constexpr char kStartupLocalitySignature[16] = "StartupLocality";
constexpr std::size_t kSha1DigestSize = 20;

// "event log: event 3 at offset 0x1a2: <what>"
Error parse_error(std::size_t index, std::size_t offset, const std::string& what) {
  return make_error(ErrorKind::parse, "event log: event " + std::to_string(index) + " at offset " +
                                          hex_field(static_cast<std::uint32_t>(offset), 8) + ": " + what);
}

bool starts_with(std::span<const std::uint8_t> data, const char (&sig)[16]) {
  return data.size() >= sizeof(sig) && std::memcmp(data.data(), sig, sizeof(sig)) == 0;
}

// TCG_EfiSpecIDEvent (PFP 10.4.5.1): signature[16], platformClass u32,
// specVersionMinor u8, specVersionMajor u8, specErrata u8, uintnSize u8,
// numberOfAlgorithms u32, {algorithmId u16, digestSize u16}[n],
// vendorInfoSize u8, vendorInfo[vendorInfoSize].
Result<std::map<std::uint16_t, std::size_t>> parse_spec_id(std::span<const std::uint8_t> data,
                                                           std::vector<std::string>& notes) {
  LeReader r(data);
  const auto fail = [](const std::string& what) { return parse_error(0, 0, "Spec ID event: " + what); };
  r.take(16);
  const auto platform_class = r.u32();
  const auto minor = r.u8();
  const auto major = r.u8();
  r.take(2);  // specErrata, uintnSize
  const auto count = r.u32();
  if (!platform_class || !minor || !major || !count) return fail("truncated");
  if (*major != 2) return fail("spec version " + std::to_string(*major) + " is not 2");
  if (*count == 0 || *count > kMaxDigestsPerEvent) {
    return fail("numberOfAlgorithms " + std::to_string(*count) + " is not 1-" + std::to_string(kMaxDigestsPerEvent));
  }
  std::map<std::uint16_t, std::size_t> algs;
  for (std::uint32_t i = 0; i < *count; ++i) {
    const auto alg = r.u16();
    const auto size = r.u16();
    if (!alg || !size) return fail("truncated algorithm list");
    const std::size_t known = hash_alg_size(*alg);
    if (*size == 0 || (known != 0 && known != *size)) {
      return fail("algorithm " + hex_field(*alg, 4) + " has digest size " + std::to_string(*size));
    }
    if (!algs.emplace(*alg, *size).second) return fail("algorithm " + hex_field(*alg, 4) + " listed twice");
    if (known == 0) {
      notes.push_back("hash algorithm " + hex_field(*alg, 4) + " (" + std::to_string(*size) +
                      "-byte digests) in the Spec ID event is not one attest can compute: its digests are read, "
                      "its bank is not replayed");
    }
  }
  const auto vendor_size = r.u8();
  if (!vendor_size || !r.take(*vendor_size)) return fail("truncated vendorInfo");
  return algs;
}

// TCG_PCClientPCREvent (PFP 10.2.1; the only entry type of a SHA1-only log):
// pcrIndex u32, eventType u32, digest[20], eventDataSize u32, event[eventDataSize].
Result<Event> parse_sha1_event(LeReader& r, std::size_t index) {
  Event e;
  e.index = index;
  e.offset = r.offset();
  const auto pcr = r.u32();
  const auto type = r.u32();
  const auto digest = r.take(kSha1DigestSize);
  if (!pcr || !type || !digest) return parse_error(index, e.offset, "truncated event header");
  e.pcr = *pcr;
  e.type = *type;
  e.digests.emplace(kAlgSha1, Bytes(digest->begin(), digest->end()));
  return e;
}

// The crypto-agile header: the first entry is EV_NO_ACTION whose data starts
// with "Spec ID Event03". nullopt when it does not: the log is SHA1-only, and
// the reader is back at the start. A header that is there but broken is an
// error, not a SHA1-only log.
Result<std::optional<std::map<std::uint16_t, std::size_t>>> parse_header_event(LeReader& r,
                                                                                std::vector<std::string>& notes) {
  LeReader peek = r;
  auto first = parse_sha1_event(peek, 0);
  const auto size = peek.u32();
  if (!first || !size) return parse_error(0, 0, "truncated first event");
  LeReader signature = peek;
  const auto head = signature.take(sizeof(kSpecIdSignature));
  if (first->type != kEvNoAction || !head || !starts_with(*head, kSpecIdSignature)) {
    return std::optional<std::map<std::uint16_t, std::size_t>>();
  }
  const auto data = peek.take(*size);
  if (!data) return parse_error(0, 0, "header event data (" + std::to_string(*size) + " bytes) runs past the end");
  const Bytes& digest = first->digests[kAlgSha1];
  if (first->pcr != 0 || std::any_of(digest.begin(), digest.end(), [](std::uint8_t b) { return b != 0; })) {
    return parse_error(0, 0, "Spec ID event must be on PCR0 with a zero digest");
  }
  auto algorithms = parse_spec_id(*data, notes);
  if (!algorithms) return algorithms.error();
  r = peek;
  return std::optional(std::move(*algorithms));
}

// TPML_DIGEST_VALUES: count u32, {hashAlg u16, digest[size of hashAlg]}[count];
// sizes come from the Spec ID event (PFP 10.2.2).
Status parse_digests(LeReader& r, const EventLog& log, Event& e) {
  const auto count = r.u32();
  if (!count) return parse_error(e.index, e.offset, "truncated digest count");
  if (*count > kMaxDigestsPerEvent) {
    return parse_error(e.index, e.offset,
                       "digest count " + std::to_string(*count) + " exceeds " + std::to_string(kMaxDigestsPerEvent));
  }
  for (std::uint32_t i = 0; i < *count; ++i) {
    const std::size_t at = r.offset();
    const auto alg = r.u16();
    if (!alg) return parse_error(e.index, at, "truncated digest algorithm");
    const auto size = log.algorithms.find(*alg);
    if (size == log.algorithms.end()) {
      const std::string what = "digest algorithm " + hex_field(*alg, 4) + " is not declared in the Spec ID event";
      return parse_error(e.index, at, what);
    }
    const auto digest = r.take(size->second);
    if (!digest) return parse_error(e.index, at, "truncated " + std::to_string(size->second) + "-byte digest");
    if (!e.digests.emplace(*alg, Bytes(digest->begin(), digest->end())).second) {
      return parse_error(e.index, at, "digest algorithm " + hex_field(*alg, 4) + " appears twice");
    }
  }
  return ok_status();
}

// Measured events carry a digest for every bank (PFP 10.2.2), or the replay
// of the missing bank would silently diverge from the TPM.
Status check_banks(const EventLog& log, const Event& e) {
  if (e.type == kEvNoAction) return ok_status();
  for (const auto& [alg, size] : log.algorithms) {
    if (e.digests.count(alg) == 0) {
      return parse_error(e.index, e.offset,
                         std::string(event_type_name(e.type)) + " has no digest for algorithm " + hex_field(alg, 4) +
                             " declared in the Spec ID event");
    }
  }
  return ok_status();
}

// UEFI_VARIABLE_DATA (PFP 10.2.6): VariableName GUID[16],
// UnicodeNameLength u64 (CHAR16 count), VariableDataLength u64, then both.
// Bytes after the variable's data are tolerated and noted: some firmware
// measures a few more (the digest check of interpreted data covers them all).
Status check_variable_data(const Event& e, std::vector<std::string>& notes) {
  LeReader r(e.data);
  r.take(16);
  const auto name_chars = r.u64();
  const auto data_size = r.u64();
  const bool fits = name_chars && data_size && *name_chars <= r.remaining() / 2 &&
                    *data_size <= r.remaining() - 2 * *name_chars;
  if (!fits) {
    return parse_error(e.index, e.offset, std::string(event_type_name(e.type)) + " data is not a UEFI_VARIABLE_DATA");
  }
  if (const std::size_t extra = r.remaining() - 2 * *name_chars - *data_size; extra > 0) {
    notes.push_back("event " + std::to_string(e.index) + " " + event_type_name(e.type) + ": " +
                    std::to_string(extra) + " byte(s) after the UEFI_VARIABLE_DATA ignored");
  }
  return ok_status();
}

// The event-specific checks the later stages rely on.
Status check_event(EventLog& log, const Event& e) {
  if (auto st = check_banks(log, e); !st) return st;
  if (e.type == kEvEfiVariableDriverConfig) return check_variable_data(e, log.notes);
  if (e.type == kEvNoAction && e.pcr == 0 && starts_with(e.data, kStartupLocalitySignature)) {
    // 16-byte signature + StartupLocality u8; PFP defines localities 0 and 3 (4: H-CRTM).
    const bool valid = e.data.size() == 17 && (e.data[16] == 0 || e.data[16] == 3 || e.data[16] == 4);
    if (!valid) return parse_error(e.index, e.offset, "malformed StartupLocality event (17 bytes, locality 0, 3 or 4)");
    if (log.startup_locality) return parse_error(e.index, e.offset, "second StartupLocality event");
    log.startup_locality = e.data[16];
  }
  return ok_status();
}

// An event's pcrIndex: PCR0-23, except on EV_NO_ACTION, which is never
// extended and which some firmware logs with informational indices.
Status check_pcr_index(const Event& e) {
  if (e.pcr <= kMaxPcr || e.type == kEvNoAction) return ok_status();
  return parse_error(e.index, e.offset, "PCR index " + std::to_string(e.pcr) + " out of range");
}

// eventSize u32, event[eventSize]: the tail both entry formats share.
Status parse_event_data(LeReader& r, EventLog& log, Event& e) {
  if (auto st = check_pcr_index(e); !st) return st;
  const std::size_t size_at = r.offset();
  const auto size = r.u32();
  if (!size) return parse_error(e.index, size_at, "truncated event size");
  if (*size > kMaxEventDataBytes) {
    return parse_error(e.index, size_at,
                       "event size " + std::to_string(*size) + " exceeds " + std::to_string(kMaxEventDataBytes));
  }
  const auto data = r.take(*size);
  if (!data) return parse_error(e.index, size_at, "event data (" + std::to_string(*size) + " bytes) runs past the end");
  e.data.assign(data->begin(), data->end());
  return check_event(log, e);
}

// TCG_PCR_EVENT2 (PFP 10.2.2): pcrIndex u32, eventType u32,
// TPML_DIGEST_VALUES digests, eventSize u32, event[eventSize].
Result<Event> parse_event2(LeReader& r, EventLog& log, std::size_t index) {
  Event e;
  e.index = index;
  e.offset = r.offset();
  const auto pcr = r.u32();
  const auto type = r.u32();
  if (!pcr || !type) return parse_error(index, e.offset, "truncated event header");
  e.pcr = *pcr;
  e.type = *type;
  if (auto st = parse_digests(r, log, e); !st) return st.error();
  if (auto st = parse_event_data(r, log, e); !st) return st.error();
  return e;
}

Result<Event> parse_next_event(LeReader& r, EventLog& log, std::size_t index) {
  if (log.format == EventLogFormat::crypto_agile) return parse_event2(r, log, index);
  auto e = parse_sha1_event(r, index);
  if (!e) return e;
  if (auto st = parse_event_data(r, log, *e); !st) return st.error();
  return e;
}

// The rest of the log is all 0x00 or all 0xff: padding of a fixed-size
// buffer, not events (an all-zero entry would be an empty EV_PREBOOT_CERT).
bool rest_is_padding(std::span<const std::uint8_t> bytes, std::size_t from) {
  const auto rest = bytes.subspan(from);
  const std::uint8_t fill = rest.front();
  return (fill == 0x00 || fill == 0xff) && std::all_of(rest.begin(), rest.end(), [&](std::uint8_t b) { return b == fill; });
}

}  // namespace

Result<EventLog> parse_event_log(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxEventLogBytes) {
    return make_error(ErrorKind::parse, "event log: " + std::to_string(bytes.size()) + " bytes exceeds the cap of " +
                                            std::to_string(kMaxEventLogBytes));
  }
  EventLog log;
  LeReader r(bytes);
  auto algorithms = parse_header_event(r, log.notes);
  if (!algorithms) return algorithms.error();
  if (*algorithms) {
    log.algorithms = std::move(**algorithms);
  } else {
    log.format = EventLogFormat::sha1_only;
    log.algorithms = {{kAlgSha1, kSha1DigestSize}};
  }
  while (!r.at_end()) {
    if (rest_is_padding(bytes, r.offset())) {
      log.notes.push_back(std::to_string(r.remaining()) + " byte(s) of padding after the last event ignored");
      break;
    }
    const std::size_t index = log.events.size() + 1;
    if (index > kMaxEvents)
      return parse_error(index, r.offset(), "more than " + std::to_string(kMaxEvents) + " events");
    auto event = parse_next_event(r, log, index);
    if (!event) return event.error();
    log.events.push_back(std::move(*event));
  }
  return log;
}

}  // namespace attest::tpm
