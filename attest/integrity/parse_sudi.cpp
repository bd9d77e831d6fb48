// `show platform sudi certificate sign nonce N`: the Cisco root, the SUDI CA
// and the device's SUDI certificate as PEM, then the signature over them.
#include <array>

#include "attest/integrity/cisco_integrity.hpp"
#include "attest/integrity/parse_fields.hpp"
#include "attest/profiles/text.hpp"
#include "attest/util/encoding.hpp"

namespace attest::integrity {
namespace {

constexpr std::string_view kWhat = "show platform sudi certificate";
constexpr std::array<std::string_view, 2> kKeys{"Signature version", "Signature"};
constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

Status too_many(std::size_t max) {
  return make_error(ErrorKind::parse, std::string(kWhat) + ": more than " + std::to_string(max) + " certificates");
}

// PEM bodies in order; each decoded from its base64 lines joined.
Result<std::vector<Bytes>> pem_certificates(const std::vector<std::string_view>& lines, std::size_t max) {
  std::vector<Bytes> out;
  std::optional<std::string> body;
  for (const auto line : lines) {
    if (line == kBegin) {
      if (body) return make_error(ErrorKind::parse, std::string(kWhat) + ": a certificate is not ended before the next begins");
      if (out.size() == max) return too_many(max).error();
      body.emplace();
    } else if (line == kEnd) {
      if (!body) return make_error(ErrorKind::parse, std::string(kWhat) + ": END CERTIFICATE without BEGIN");
      auto der = base64_decode(*body);
      if (!der) return make_error(ErrorKind::parse, std::string(kWhat) + ": certificate " + std::to_string(out.size() + 1) + " is not base64: " + der.error().message);
      out.push_back(std::move(der).value());
      body.reset();
    } else if (body) {
      *body += line;
    }
  }
  if (body) return make_error(ErrorKind::parse, std::string(kWhat) + ": the last certificate is cut off");
  return out;
}

}  // namespace

Result<std::vector<Bytes>> pem_certificates_der(std::string_view text) {
  std::vector<std::string_view> lines;
  for (const auto line : text::lines(text)) lines.push_back(text::trim(line));
  auto certs = pem_certificates(lines, 64);
  if (!certs) return make_error(ErrorKind::input, certs.error().message);
  return certs;
}

Result<SudiReport> parse_sudi(std::string_view output) {
  auto scanned = detail::scan(output, kKeys, "", kWhat);
  if (!scanned) return scanned.error();
  auto certs = pem_certificates(scanned->other_lines, kMaxSudiCertificates);
  if (!certs) return certs.error();
  if (certs->size() < 3)
    return make_error(ErrorKind::parse, std::string(kWhat) + ": " + std::to_string(certs->size()) + " certificates, not root, SUDI CA and device");
  SudiReport report;
  report.certificates_der = std::move(certs).value();
  auto version = detail::signature_version(*scanned, kWhat);
  if (!version) return version.error();
  report.signature_version = *version;
  auto signature = detail::hex_field(*scanned, "Signature", kWhat);
  if (!signature) return signature.error();
  report.signature = std::move(signature).value();
  report.nonce = scanned->nonce;
  return report;
}

}  // namespace attest::integrity
