// Real Cisco captures (tests/fixtures/profiles/cisco-integrity/, sources in
// its README) and the Cisco roots shipped in firmware-db/tpm-roots/cisco-sudi/.
#pragma once

#include <string>
#include <vector>

#include "attest/integrity/cisco_integrity.hpp"

namespace integrity_test {

std::string capture(const std::string& name);
std::vector<attest::Bytes> cisco_roots();
// The DER of the one PEM certificate in a fixture.
attest::Bytes fixture_certificate(const std::string& name);
// `text` with the first occurrence of `from` replaced by `to` (which must occur).
std::string replace_once(std::string text, const std::string& from, const std::string& to);

template <typename T>
bool fails_with(const attest::Result<T>& result, attest::ErrorKind kind, const std::string& needle) {
  return !result.ok() && result.error().kind == kind && result.error().message.find(needle) != std::string::npos;
}

}  // namespace integrity_test
