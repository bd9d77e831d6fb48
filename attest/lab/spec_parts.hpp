// Pieces of the lab spec reader shared by spec.cpp (SSH devices) and
// spec_redfish.cpp (Redfish BMCs). Internal to the spec loader.
#pragma once

#include <string>

#include "attest/config/json_reader.hpp"
#include "attest/lab/spec.hpp"

namespace attest::lab::spec_detail {

// `p` relative to the spec file's directory (absolute paths unchanged).
std::string resolve(const std::string& spec_path, const std::string& p);
// "facts": model, serial and version required; vendor from the profile when absent.
void read_facts(JsonReader& r, DeviceSpec& d);
// "listen": "127.x.y.z:port".
void read_endpoint(JsonReader& r, DeviceSpec& d);
// A device object with "transport": "redfish" (name already read).
void read_redfish_device(JsonReader& r, const std::string& spec_path, DeviceSpec& d);

}  // namespace attest::lab::spec_detail
