// Loads the golden database directory (see firmware-db/README.md):
//   <dir>/firmware/*.json     schema "attest.firmware/v1", policies per model
//   <dir>/credentials/*.json  schema "attest.default-credentials/v1", per profile
//   <dir>/boot/*.json         schema "attest.boot/v1", golden measured boot (optional dir)
//   <dir>/integrity/*.json    schema "attest.integrity/v1", golden switch integrity hashes (optional dir)
//   <dir>/posture/*.json      schema "attest.posture/v1", SSH posture (optional dir)
//   <dir>/controls/*.json     schema "attest.controls/v1", check -> compliance controls (optional dir, one file)
// Files are parsed in name order from bytes read once (see load_golden_db);
// other files (MANIFEST.json, schema/, README) are not part of the policy.
// Errors read "<file>: <json-pointer>: <what>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attest/core/golden.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/util/result.hpp"

namespace attest {

inline constexpr const char* kFirmwareSchema = "attest.firmware/v1";
inline constexpr const char* kDefaultCredentialsSchema = "attest.default-credentials/v1";
inline constexpr const char* kBootSchema = "attest.boot/v1";
inline constexpr const char* kIntegritySchema = "attest.integrity/v1";
inline constexpr const char* kPostureSchema = "attest.posture/v1";
inline constexpr const char* kControlsSchema = "attest.controls/v1";

// Parses the policy files among `files` (the bytes verify_db or
// read_unsigned_db read from `dir`); `dir` only names them in messages.
[[nodiscard]] Result<GoldenDb> load_golden_db(const sign::DbFiles& files, const std::string& dir);

// Reads `dir` once (sign::read_db_files, unverified) and parses it: for
// `attest db lint` and tests. The firmware/ and credentials/ directories must exist.
[[nodiscard]] Result<GoldenDb> load_golden_db(const std::string& dir);

// Pure: adds the policies of one firmware file to `db`. Duplicate models or
// aliases across files already in `db` are errors.
[[nodiscard]] Status parse_firmware_file(std::string_view json, const std::string& path, GoldenDb& db);

// Pure: adds the default-credential policies of one file to `db`. A profile
// defined twice, or a default id used twice, is an error.
[[nodiscard]] Status parse_credentials_file(std::string_view json, const std::string& path, GoldenDb& db);

// Pure: adds the golden boot policies of one file to `db` (golden_boot.cpp).
// A model + firmware version with two policies, across files, is an error.
[[nodiscard]] Status parse_boot_file(std::string_view json, const std::string& path, GoldenDb& db);

// Pure: adds the golden switch integrity policies of one file to `db`
// (golden_integrity.cpp). A model + OS version listed twice, across files, is an error.
[[nodiscard]] Status parse_integrity_file(std::string_view json, const std::string& path, GoldenDb& db);

// Pure: the DER of every certificate in tpm-roots/cisco-sudi/*.pem (name
// order) into db.sudi_roots_der; a file without a PEM certificate is an error.
[[nodiscard]] Status load_sudi_roots(const sign::DbFiles& files, const std::string& dir, GoldenDb& db);

// Pure: adds the SSH posture policies of one file to `db` (golden_posture.cpp):
// the site default under profile "", per-profile entries that replace it. A
// profile (or the default) defined twice, across files, is an error.
[[nodiscard]] Status parse_posture_file(std::string_view json, const std::string& path, GoldenDb& db);

// Pure: the check -> controls mapping (golden_controls.cpp). Every check id
// must be listed (an empty list maps it to nothing), every control it lists
// defined once with a source; a second controls file is an error.
[[nodiscard]] Status parse_controls_file(std::string_view json, const std::string& path, GoldenDb& db);

// For `attest db lint <dir>`: load_golden_db plus review notes that are not
// errors (a model with no approved version and no minimum, an approved
// version below the minimum, a profile without default credentials...).
[[nodiscard]] Status lint_golden_db(const std::string& dir, std::vector<std::string>* notes);

// The notes of lint_golden_db for an already loaded database.
std::vector<std::string> golden_db_notes(const GoldenDb& db);

}  // namespace attest
