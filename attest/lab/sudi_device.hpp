// A lab switch's SUDI identity and its signed boot integrity answers, as a
// Cisco IOS-XE switch gives them: `show platform sudi certificate sign nonce
// N` and `show platform integrity sign nonce N`. Written from the output
// format and the signature scheme, not with attest/integrity (the code under
// test), which the tests then verify these answers with.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "attest/lab/spec.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

struct LabSudi {
  EvpPkeyPtr device_key;
  std::vector<Bytes> chain_der;  // root, SUDI CA, device (the order the switch prints)
};

// A fresh chain made at lab start, like the lab's TPM CA: "attest-lab SUDI
// Root" -> "attest-lab SUDI CA" -> the device, whose subject serialNumber is
// "PID:<model> SN:<serial>". RSA 2048 throughout: signature version 1 is
// RSA PKCS#1 v1.5 with SHA-256.
[[nodiscard]] Result<LabSudi> make_lab_sudi(const Facts& facts);

// The lab's measurements (see firmware-db/README.md, "Golden switch
// integrity"): Boot 0 = sha256("attest-lab boot0 <model>"), boot loader =
// sha512("attest-lab boot loader <model>"), OS = sha512("attest-lab os
// <model> <version>"); with `tampered_os`, sha512 of "attest-lab tampered os
// <model> <version>", an image that was never released.
struct LabMeasurements {
  Bytes boot0;
  Bytes boot_loader;
  Bytes os;
};
LabMeasurements lab_measurements(const Facts& facts, bool tampered_os);

// A DER certificate as PEM (64-column base64), as the switch prints it.
std::string certificate_pem(const Bytes& der);

// The switch's answer to `show platform ... sign nonce N` commands (nullopt:
// not one of them, or `facts` has no SUDI); "% ..." errors for a bad nonce.
std::optional<std::string> render_signed_command(const Facts& facts, std::string_view command);

[[nodiscard]] Result<std::string> render_sudi_certificate(const LabSudi& sudi, std::uint64_t nonce);
[[nodiscard]] Result<std::string> render_platform_integrity(const LabSudi& sudi, const Facts& facts, std::uint64_t nonce,
                                                            bool tampered_os);

}  // namespace attest::lab
