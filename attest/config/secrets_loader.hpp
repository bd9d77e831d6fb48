// Loads the secrets file (schema "attest.secrets/v1"): login credentials by id
// and retired credentials. Errors name the file and the field (JSON pointer),
// never a value: a message may end up in a CI log.
#pragma once

#include <string>
#include <string_view>

#include "attest/core/inventory.hpp"
#include "attest/core/secrets.hpp"
#include "attest/util/result.hpp"

namespace attest {

inline constexpr const char* kSecretsSchema = "attest.secrets/v1";

// Refuses a file readable or writable by group or others before reading it,
// parses it, then checks that each private key file exists and is owner-only.
[[nodiscard]] Result<Secrets> load_secrets(const std::string& path);

// Pure: validates secrets JSON text. Private key paths are resolved against
// the directory of `path` (made absolute) but not opened.
[[nodiscard]] Result<Secrets> parse_secrets(std::string_view json, const std::string& path);

// Every device's credential id must exist in `secrets`; the error names the
// inventory file, the device's pointer and the secrets file.
[[nodiscard]] Status check_credentials_exist(const Inventory& inventory, const Secrets& secrets);

}  // namespace attest
