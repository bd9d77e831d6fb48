// Writing a crypto-agile or SHA1-only event log, and computing event digests.
#include <iterator>

#include "attest/tpm/eventlog/builder.hpp"
#include "attest/tpm/eventlog/eventlog.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

using detail::put_bytes;
using detail::put_le;

constexpr std::size_t kHeaderEventSize = 32;  // TCG_PCClientPCREvent without data

// TCG_EfiSpecIDEvent (PFP 10.4.5.1) for a PC Client platform, spec 2.0
// errata 0, UINTN of 8 bytes (uintnSize 2), no vendor info.
Bytes spec_id_event(const EventLog& log) {
  // Constructed, not inserted into an empty vector: GCC 12 at -O2 reports a
  // false -Wstringop-overflow for the insert.
  static constexpr char kSignature[16] = "Spec ID Event03";
  Bytes out(std::begin(kSignature), std::end(kSignature));
  put_le(out, 0, 4);  // platformClass: client
  out.push_back(0);   // specVersionMinor
  out.push_back(2);   // specVersionMajor
  out.push_back(0);   // specErrata
  out.push_back(2);   // uintnSize
  put_le(out, log.algorithms.size(), 4);
  for (const auto& [alg, size] : log.algorithms) {
    put_le(out, alg, 2);
    put_le(out, size, 2);
  }
  out.push_back(0);  // vendorInfoSize
  return out;
}

// TCG_PCClientPCREvent (PFP 10.2.1) carrying the Spec ID event.
void write_header(const EventLog& log, Bytes& out) {
  const Bytes spec = spec_id_event(log);
  put_le(out, 0, 4);             // pcrIndex
  put_le(out, kEvNoAction, 4);   // eventType
  out.insert(out.end(), 20, 0);  // digest
  put_le(out, spec.size(), 4);
  put_bytes(out, spec);
}

// TCG_PCR_EVENT2 (PFP 10.2.2).
void write_event(const Event& e, Bytes& out) {
  put_le(out, e.pcr, 4);
  put_le(out, e.type, 4);
  put_le(out, e.digests.size(), 4);
  for (const auto& [alg, digest] : e.digests) {
    put_le(out, alg, 2);
    put_bytes(out, digest);
  }
  put_le(out, e.data.size(), 4);
  put_bytes(out, e.data);
}

// TCG_PCClientPCREvent (PFP 10.2.1): the event's sha1 digest (zeros if none).
void write_sha1_event(const Event& e, Bytes& out) {
  put_le(out, e.pcr, 4);
  put_le(out, e.type, 4);
  const auto digest = e.digests.find(kAlgSha1);
  if (digest != e.digests.end() && digest->second.size() == 20) {
    put_bytes(out, digest->second);
  } else {
    out.insert(out.end(), 20, 0);
  }
  put_le(out, e.data.size(), 4);
  put_bytes(out, e.data);
}

}  // namespace

Bytes write_event_log(const EventLog& log) {
  Bytes out;
  if (log.format == EventLogFormat::sha1_only) {
    for (const auto& e : log.events) write_sha1_event(e, out);
    return out;
  }
  write_header(log, out);
  for (const auto& e : log.events) write_event(e, out);
  return out;
}

Event make_image_event(std::uint32_t pcr, std::uint32_t type, Bytes data, std::string_view image,
                       std::span<const std::uint16_t> banks) {
  Event e;
  e.pcr = pcr;
  e.type = type;
  e.data = std::move(data);
  for (const std::uint16_t alg : banks) e.digests[alg] = hash_with(alg, image);
  return e;
}

Event make_event(std::uint32_t pcr, std::uint32_t type, Bytes data, std::span<const std::uint16_t> banks) {
  const std::string image(detail::as_text(data));
  return make_image_event(pcr, type, std::move(data), image, banks);
}

// Offsets and indices as parse_event_log reports them for write_event_log's output.
EventLog EventLogBuilder::build() const {
  EventLog log = log_;
  const bool sha1_only = log.format == EventLogFormat::sha1_only;
  std::size_t offset = sha1_only ? 0 : kHeaderEventSize + spec_id_event(log).size();
  for (std::size_t i = 0; i < log.events.size(); ++i) {
    Event& e = log.events[i];
    e.index = i + 1;
    e.offset = offset;
    if (sha1_only) {
      offset += kHeaderEventSize + e.data.size();
      continue;
    }
    offset += 16 + e.data.size();
    for (const auto& [alg, digest] : e.digests) offset += 2 + digest.size();
  }
  return log;
}

}  // namespace attest::tpm
