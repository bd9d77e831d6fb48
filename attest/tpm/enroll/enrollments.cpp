#include "attest/tpm/enroll/enrollments.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <nlohmann/json.hpp>

#include "attest/config/json_reader.hpp"
#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"

namespace attest::tpm {
namespace {

constexpr std::int64_t kMaxCounter = std::numeric_limits<int>::max();

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0 || (c >= 'a' && c <= 'f'); });
}

// "YYYY-MM-DDTHH:MM:SS[.fff]Z": the form utc_now_rfc3339() writes.
bool is_rfc3339_utc(std::string_view s) {
  if (s.size() < 20 || s.back() != 'Z') return false;
  const std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
    if (shape[i] == 'd' ? !digit : s[i] != shape[i]) return false;
  }
  return true;
}

void read_bytes(JsonReader& r, std::string_view key, Bytes& out, bool hex) {
  std::string text;
  r.string(key, text);
  if (!r.ok()) return;
  auto decoded = hex ? hex_decode(text) : base64_decode(text);
  if (!decoded) return r.fail(key, decoded.error().message);
  out = std::move(*decoded);
}

void read_counter(JsonReader& r, std::string_view key, std::uint32_t& out) {
  int value = 0;
  r.integer(key, value, 0, kMaxCounter);
  out = static_cast<std::uint32_t>(value);
}

// ak_name must be the name of ak_public, and both publics must unmarshal.
void check_keys(JsonReader& r, const EnrollmentRecord& rec) {
  if (auto ek = enroll_detail::unmarshal_public(rec.ek_public, "ek_public"); !ek) {
    return r.fail("ek_public", ek.error().message);
  }
  auto ak = enroll_detail::unmarshal_public(rec.ak_public, "ak_public");
  if (!ak) return r.fail("ak_public", ak.error().message);
  auto name = tpm_object_name(ak->publicArea);
  if (!name) return r.fail("ak_public", name.error().message);
  if (*name != rec.ak_name) r.fail("ak_name", "is not the name of ak_public (expected " + to_hex(*name) + ")");
}

void read_record(JsonReader& r, EnrollmentRecord& rec) {
  r.string("serial", rec.serial);
  r.string("enrolled_at", rec.enrolled_at);
  if (r.ok() && !is_rfc3339_utc(rec.enrolled_at)) r.fail("enrolled_at", "must be an RFC 3339 UTC time (...Z)");
  r.string("ek_certificate_sha256", rec.ek_certificate_sha256);
  if (r.ok() && (rec.ek_certificate_sha256.size() != 64 || !is_lower_hex(rec.ek_certificate_sha256))) {
    r.fail("ek_certificate_sha256", "must be 64 lower-case hex digits");
  }
  r.string("ek_certificate_issuer", rec.ek_certificate_issuer, true, true);
  read_bytes(r, "ek_public", rec.ek_public, false);
  read_bytes(r, "ak_public", rec.ak_public, false);
  read_bytes(r, "ak_name", rec.ak_name, true);
  read_counter(r, "reset_count", rec.reset_count);
  read_counter(r, "restart_count", rec.restart_count);
  r.strings("tolerated", rec.tolerated, false);
  if (r.ok()) check_keys(r, rec);
}

nlohmann::json record_json(const EnrollmentRecord& rec) {
  return nlohmann::json{{"serial", rec.serial},
                        {"enrolled_at", rec.enrolled_at},
                        {"ek_certificate_sha256", rec.ek_certificate_sha256},
                        {"ek_certificate_issuer", rec.ek_certificate_issuer},
                        {"ek_public", base64(rec.ek_public.data(), rec.ek_public.size())},
                        {"ak_public", base64(rec.ak_public.data(), rec.ak_public.size())},
                        {"ak_name", to_hex(rec.ak_name)},
                        {"reset_count", rec.reset_count},
                        {"restart_count", rec.restart_count},
                        {"tolerated", rec.tolerated}};
}

}  // namespace

Result<Enrollments> parse_enrollments(std::string_view text, const std::string& path) {
  return read_document(text, path, {"schema", "site", "devices"}, Enrollments{}, [](JsonReader& root, Enrollments& out) {
    root.constant("schema", kEnrollmentsSchema);
    root.name("site", out.site);
    root.map("devices",
             {"serial", "enrolled_at", "ek_certificate_sha256", "ek_certificate_issuer", "ek_public", "ak_public",
              "ak_name", "reset_count", "restart_count", "tolerated"},
             true, [&](const std::string& name, JsonReader& r) {
      if (name.empty()) return r.fail("", "device name must not be empty");
      EnrollmentRecord rec;
      read_record(r, rec);
      if (r.ok()) out.devices.emplace(name, std::move(rec));
    });
  });
}

Result<Enrollments> load_enrollments(const std::string& path) {
  auto text = read_file(path, kMaxEnrollmentsBytes);
  if (!text) return text.error();
  return parse_enrollments(*text, path);
}

std::string enrollments_to_json(const Enrollments& enrollments) {
  nlohmann::json devices = nlohmann::json::object();
  for (const auto& [name, rec] : enrollments.devices) devices[name] = record_json(rec);
  const nlohmann::json doc{{"schema", kEnrollmentsSchema}, {"site", enrollments.site}, {"devices", devices}};
  // Replace invalid UTF-8 (a device-reported serial) instead of throwing.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void record_enrollment(Enrollments& enrollments, const std::string& name, EnrollmentRecord record) {
  enrollments.devices.insert_or_assign(name, std::move(record));
}

}  // namespace attest::tpm
