// The files of attest/lab/redfish-mockups, embedded by attest/lab/CMakeLists.txt
// so attest-lab serves the same trees wherever it runs.
#pragma once

#include <string_view>
#include <vector>

namespace attest::lab {

struct TemplateFile {
  std::string_view path;  // "idrac/Systems/System.Embedded.1/index.json"
  std::string_view text;
};

const std::vector<TemplateFile>& redfish_template_files();

}  // namespace attest::lab
