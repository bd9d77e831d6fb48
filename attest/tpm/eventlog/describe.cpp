// Decoding event data for people (PFP 1.05 section 10.4 per event type) and
// rendering a log and its replay as text or JSON.
#include "attest/tpm/eventlog/describe.hpp"

#include <algorithm>
#include <cctype>

#include "attest/tpm/eventlog/le_bytes.hpp"
#include "attest/tpm/eventlog/uefi.hpp"
#include "attest/util/text.hpp"

namespace attest::tpm {
namespace {

using detail::LeReader;

constexpr std::size_t kMaxShownBytes = 64;     // hex shown for data not decoded
constexpr std::size_t kMaxShownChars = 200;    // decoded text shown per event

std::string hex_prefix(std::span<const std::uint8_t> data) {
  const std::size_t n = std::min(data.size(), kMaxShownBytes);
  std::string out = to_hex(data.data(), n);
  if (n < data.size()) out += "... (" + std::to_string(data.size()) + " bytes)";
  return out;
}

std::string safe(std::string_view raw) { return truncate_code_points(terminal_text(raw), kMaxShownChars); }

std::string hex_u64(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return "0x" + out;
}

// 8be4df61-93ca-11d2-aa0d-00e098032b8c from the in-memory EFI_GUID layout.
std::string guid_text(const EfiGuid& g) {
  const auto byte = [&](int i) { return to_hex(&g[static_cast<std::size_t>(i)], 1); };
  std::string out;
  for (const int i : {3, 2, 1, 0}) out += byte(i);
  out += "-" + byte(5) + byte(4) + "-" + byte(7) + byte(6) + "-" + byte(8) + byte(9) + "-";
  for (int i = 10; i < 16; ++i) out += byte(i);
  return out;
}

// Printable ASCII text (EV_EFI_ACTION, EV_ACTION, EV_IPL, ...) or nullopt.
std::optional<std::string> ascii_text(std::span<const std::uint8_t> data) {
  std::string_view text = detail::as_text(data);
  while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isprint(static_cast<unsigned char>(c)) != 0 || c == '\n' || c == '\t';
  });
  if (!printable) return std::nullopt;
  return "'" + safe(text) + "'";
}

std::string describe_variable(const Event& e) {
  const auto v = decode_uefi_variable(e.data);
  if (!v) return "not a UEFI_VARIABLE_DATA: " + hex_prefix(e.data);
  std::string out = "variable " + safe(v->name) + " (" + guid_text(v->guid) + ")";
  if (v->data.empty()) return out + " empty";
  if (v->data.size() <= 8) return out + " = " + to_hex(v->data);
  return out + ", " + std::to_string(v->data.size()) + " bytes";
}

// The file-path nodes of an EFI device path (UEFI spec 10.3.5.4, media type
// 4 subtype 4); other nodes by type/subtype.
std::string device_path_text(std::span<const std::uint8_t> path) {
  LeReader r(path);
  std::string out;
  while (!r.at_end()) {
    const auto type = r.u8();
    const auto subtype = r.u8();
    const auto length = r.u16();
    if (!type || !subtype || !length || *length < 4) return out + "[malformed device path]";
    const auto body = r.take(*length - 4u);
    if (!body) return out + "[malformed device path]";
    if (*type == 0x7f) break;  // end of the device path
    if (!out.empty()) out += " ";
    if (*type == 4 && *subtype == 4) {
      out += safe(decode_firmware_string(*body));
    } else {
      out += "[" + std::to_string(*type) + "/" + std::to_string(*subtype) + "]";
    }
  }
  return out;
}

// UEFI_IMAGE_LOAD_EVENT (PFP 10.2.3).
std::string describe_image(const Event& e) {
  LeReader r(e.data);
  const auto location = r.u64();
  const auto length = r.u64();
  r.u64();  // ImageLinkTimeAddress
  const auto path_length = r.u64();
  if (!location || !length || !path_length) return "not a UEFI_IMAGE_LOAD_EVENT: " + hex_prefix(e.data);
  const auto path = r.take(*path_length);
  const std::string image = "image " + hex_u64(*location) + " (" + std::to_string(*length) + " bytes)";
  if (!path) return image + ", device path runs past the data";
  const std::string where = device_path_text(*path);
  return where.empty() ? image : image + " " + where;
}

// UEFI_PLATFORM_FIRMWARE_BLOB (PFP 10.2.5): BlobBase u64, BlobLength u64.
std::string describe_blob(const Event& e) {
  LeReader r(e.data);
  const auto base = r.u64();
  const auto length = r.u64();
  if (!base || !length) return ascii_text(e.data).value_or(hex_prefix(e.data));
  return "firmware blob " + hex_u64(*base) + " (" + std::to_string(*length) + " bytes)";
}

std::string describe_no_action(const Event& e) {
  const std::string_view text = detail::as_text(e.data);
  if (text.starts_with(std::string_view("StartupLocality\0", 16)) && e.data.size() == 17) {
    return "StartupLocality " + std::to_string(e.data[16]);
  }
  const std::size_t end = std::min(text.find('\0'), std::min<std::size_t>(text.size(), 16));
  const std::string_view signature = text.substr(0, end);
  if (!signature.empty() && std::all_of(signature.begin(), signature.end(), [](char c) {
        return std::isprint(static_cast<unsigned char>(c)) != 0;
      })) {
    return "'" + safe(signature) + "' " + std::to_string(e.data.size()) + " bytes";
  }
  return hex_prefix(e.data);
}

}  // namespace

std::string describe_event_data(const Event& e) {
  if (e.data.empty()) return "";
  switch (e.type) {
    case kEvSCrtmVersion: return "CRTM version '" + safe(decode_firmware_string(e.data)) + "'";
    case kEvEfiVariableDriverConfig:
    case kEvEfiVariableBoot:
    case 0x8000000C:  // EV_EFI_VARIABLE_BOOT2
    case kEvEfiVariableAuthority: return describe_variable(e);
    case kEvEfiBootServicesApplication:
    case kEvEfiBootServicesDriver:
    case kEvEfiRuntimeServicesDriver: return describe_image(e);
    case kEvEfiPlatformFirmwareBlob:
    case kEvPostCode: return describe_blob(e);
    case kEvNoAction: return describe_no_action(e);
    case kEvSeparator: return "separator " + to_hex(e.data);
    default: return ascii_text(e.data).value_or(hex_prefix(e.data));
  }
}

const char* format_name(EventLogFormat format) {
  return format == EventLogFormat::sha1_only ? "sha1-only" : "crypto-agile";
}

std::string event_log_text(const EventLog& log) {
  std::string banks;
  for (const auto& [alg, size] : log.algorithms) banks += " " + bank_name(alg);
  std::string out = std::string("event log: ") + format_name(log.format) + ", banks" + banks + ", " +
                    std::to_string(log.events.size()) + " events\n";
  for (const auto& e : log.events) {
    out += std::to_string(e.index) + "  PCR" + std::to_string(e.pcr) + "  " + event_type_name(e.type) + "  (" +
           std::to_string(e.data.size()) + " bytes at offset " + hex_u64(e.offset) + ")\n";
    for (const auto& [alg, digest] : e.digests) out += "    " + bank_name(alg) + ": " + to_hex(digest) + "\n";
    if (const std::string data = describe_event_data(e); !data.empty()) out += "    data: " + data + "\n";
  }
  for (const auto& note : log.notes) out += "note: " + note + "\n";
  return out;
}

nlohmann::ordered_json event_log_json(const EventLog& log) {
  nlohmann::ordered_json algorithms = nlohmann::ordered_json::object();
  for (const auto& [alg, size] : log.algorithms) algorithms[bank_name(alg)] = size;
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : log.events) {
    nlohmann::ordered_json digests = nlohmann::ordered_json::object();
    for (const auto& [alg, digest] : e.digests) digests[bank_name(alg)] = to_hex(digest);
    events.push_back({{"index", e.index},
                      {"offset", e.offset},
                      {"pcr", e.pcr},
                      {"type", event_type_name(e.type)},
                      {"type_id", e.type},
                      {"digests", digests},
                      {"size", e.data.size()},
                      {"data", describe_event_data(e)}});
  }
  return {{"schema", "attest.eventlog/v1"},
          {"format", format_name(log.format)},
          {"algorithms", algorithms},
          {"events", events},
          {"notes", log.notes},
          {"pcrs", replay_json(replay(log))["pcrs"]}};
}

std::string replay_text(const PcrValues& pcrs) {
  std::string out;
  for (const auto& [alg, bank] : pcrs) {
    out += "  " + bank_name(alg) + ":\n";
    for (const auto& [pcr, value] : bank) {
      std::string hex = to_hex(value);
      std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
      out += "    " + std::to_string(pcr) + (pcr < 10 ? " " : "") + ": 0x" + hex + "\n";
    }
  }
  return out;
}

nlohmann::ordered_json replay_json(const PcrValues& pcrs) {
  nlohmann::ordered_json banks = nlohmann::ordered_json::object();
  for (const auto& [alg, bank] : pcrs) {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (const auto& [pcr, value] : bank) values[std::to_string(pcr)] = to_hex(value);
    banks[bank_name(alg)] = values;
  }
  return {{"pcrs", banks}};
}

}  // namespace attest::tpm
