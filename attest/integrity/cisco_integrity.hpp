// Cisco boot integrity visibility: the boot loader and OS hashes a switch
// measured into PCR0 and PCR8, signed with its SUDI key (IOS-XE / NX-OS
// `show platform integrity sign nonce N`), and the SUDI chain that names the
// key (`show platform sudi certificate sign nonce N`). Pure: text in, verdict
// out. The scheme is the one Cisco's public BootIntegrityValidator checks:
// the signature covers only nonce, version and the two PCRs, so the listed
// hashes are trusted only after they replay to the signed PCRs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::integrity {

// Device output above this is refused before parsing (a real one is ~1-5 KB;
// a multi-package OS lists a few dozen hashes).
inline constexpr std::size_t kMaxOutputBytes = 64 * 1024;
inline constexpr std::size_t kMaxOsHashes = 256;
inline constexpr std::size_t kMaxSudiCertificates = 4;

// One measured image: `name` is the field ("Boot 0 Hash", "Boot Loader Hash",
// "OS Hash") or, in the multi-package form under "OS Hashes:", the file name.
struct MeasuredHash {
  std::string name;
  Bytes digest;  // SHA-256 or SHA-512 of the image, as the switch printed it
};

// `show platform integrity [sign [nonce N]]`.
struct IntegrityReport {
  std::string platform;
  std::string boot0_version;
  MeasuredHash boot0;
  std::string boot_loader_version;
  MeasuredHash boot_loader;
  std::string os_version;
  std::vector<MeasuredHash> os_hashes;  // one ("OS Hash") or the packages in order
  Bytes pcr0;
  Bytes pcr8;
  std::optional<std::uint64_t> nonce;  // from the echoed command line
  std::uint32_t signature_version = 0;
  Bytes signature;
};

// `show platform sudi certificate sign [nonce N]`: root, SUDI CA, device.
struct SudiReport {
  std::vector<Bytes> certificates_der;  // in printed order
  std::optional<std::uint64_t> nonce;
  std::uint32_t signature_version = 0;
  Bytes signature;
};

// Parses the integrity output: CR/LF, a prompt glued to the first field, hex
// wrapped onto continuation lines. A field printed empty ("OS Hash:" with
// nothing after it, as switches do when the data is not present), a hash that
// is not 32 or 64 bytes, a duplicated field, a missing PCR or signature, or a
// "% Error ..." line from the switch are ErrorKind::parse naming the field.
[[nodiscard]] Result<IntegrityReport> parse_integrity(std::string_view output);

// Parses the SUDI output: 3 or 4 PEM certificates, then the signature.
[[nodiscard]] Result<SudiReport> parse_sudi(std::string_view output);

// The DER of every PEM certificate in `text` (a trust-root file), in order.
// Errors are ErrorKind::input.
[[nodiscard]] Result<std::vector<Bytes>> pem_certificates_der(std::string_view text);

// What the SUDI output proves: the device certificate chains to a trusted
// root and signed this nonce.
struct SudiIdentity {
  Bytes device_der;
  std::string subject_serial;  // "PID:C1111-8P SN:FGL220191QA"
  std::string pid;             // "C1111-8P"
  std::string serial_number;   // "FGL220191QA"
};

// Verifies the SUDI output against DER root certificates: certificate 0 must
// be one of them byte for byte, the device certificate (the last) must chain
// through the ones between to it, and the signature (RSA PKCS#1 v1.5, SHA-256
// over nonce u64 BE || version u32 BE || the certificates' DER in order) must
// verify with the device key, over `expected_nonce`. An echoed nonce (a shell
// capture) must equal it; output without an echo (an exec channel) is bound
// to it by the signature alone. `expected_nonce` nullopt accepts only output
// signed without a nonce (old captures); the gate always passes one.
// Failures are ErrorKind::crypto.
[[nodiscard]] Result<SudiIdentity> verify_sudi(const SudiReport& sudi, const std::vector<Bytes>& trusted_roots_der,
                                               std::optional<std::uint64_t> expected_nonce);

// Verifies the integrity signature (the same scheme over nonce, version,
// PCR0, PCR8) with the device certificate's key, then replays PCR0 from the
// Boot 0 and Boot Loader hashes and PCR8 from the OS hashes (each PCR from 32
// zero bytes, extended with SHA-256 of each listed hash) and compares.
[[nodiscard]] Status verify_integrity(const IntegrityReport& report, const Bytes& device_der,
                                      std::optional<std::uint64_t> expected_nonce);

// PCR0 and PCR8 as the listed hashes replay them.
Bytes replay_pcr0(const IntegrityReport& report);
Bytes replay_pcr8(const IntegrityReport& report);

struct VerifiedIntegrity {
  IntegrityReport report;
  SudiIdentity identity;
};

// Both outputs end to end: parse, SUDI chain and signature, integrity
// signature and PCR replay, and the platform equal to the SUDI PID.
[[nodiscard]] Result<VerifiedIntegrity> verify_switch_integrity(std::string_view integrity_output,
                                                                std::string_view sudi_output,
                                                                const std::vector<Bytes>& trusted_roots_der,
                                                                std::optional<std::uint64_t> expected_nonce);

// The nonce token of an echoed "... sign nonce N" command line, if any.
std::optional<std::uint64_t> echoed_nonce(std::string_view line);

}  // namespace attest::integrity
