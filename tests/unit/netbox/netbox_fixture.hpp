// Fixture pages for the NetBox import tests (tests/fixtures/netbox/).
#pragma once

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "attest/netbox/parse.hpp"
#include "attest/util/files.hpp"

namespace attest::testing {

inline std::string netbox_fixture_text(const std::string& name) {
  auto text = read_file(std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/netbox/" + name);
  REQUIRE(text.ok());
  return *text;
}

inline netbox::Page netbox_page(const std::string& name) {
  auto page = netbox::parse_page(netbox_fixture_text(name), "GET /" + name);
  REQUIRE_MESSAGE(page.ok(), page.error().message);
  return *page;
}

inline std::vector<netbox::Page> netbox_pages(std::initializer_list<const char*> names) {
  std::vector<netbox::Page> pages;
  for (const char* n : names) pages.push_back(netbox_page(n));
  return pages;
}

}  // namespace attest::testing
