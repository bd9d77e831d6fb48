#include "integrity_fixtures.hpp"

#include <doctest/doctest.h>

#include "attest/util/files.hpp"

namespace integrity_test {

std::string capture(const std::string& name) {
  auto text = attest::read_file(std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/profiles/cisco-integrity/" + name);
  REQUIRE_MESSAGE(text.ok(), name);
  return *text;
}

std::vector<attest::Bytes> cisco_roots() {
  std::vector<attest::Bytes> roots;
  for (const char* file : {"cisco-root-ca-2048.pem", "cisco-root-ca-2099.pem"}) {
    auto text = attest::read_file(std::string(ATTEST_SOURCE_DIR) + "/firmware-db/tpm-roots/cisco-sudi/" + file);
    REQUIRE(text.ok());
    auto der = attest::integrity::pem_certificates_der(*text);
    REQUIRE(der.ok());
    REQUIRE(der->size() == 1);
    roots.push_back(der->front());
  }
  return roots;
}

attest::Bytes fixture_certificate(const std::string& name) {
  auto der = attest::integrity::pem_certificates_der(capture(name));
  REQUIRE(der.ok());
  REQUIRE(der->size() == 1);
  return der->front();
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return text.replace(at, from.size(), to);
}

}  // namespace integrity_test
