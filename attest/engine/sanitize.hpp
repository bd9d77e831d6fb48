// The evidence boundary: everything a device controls becomes valid UTF-8
// before any parser, evaluator, report or terminal sees it.
#pragma once

#include <string>
#include <vector>

#include "attest/core/evidence.hpp"

namespace attest {

// Makes every device-controlled string of `ev` valid UTF-8 (invalid
// sequences become U+FFFD): command outputs and errors, auth attempt
// details, host key text, the SSH banner and algorithm lists, exposure
// details. CommandRecord::sha256 and size stay those of the exact bytes
// read. `binary_commands` are commands whose output is a binary payload
// (the TPM event log) that a verifier checks byte for byte: their output is
// kept as read; the report only ever shows a printable copy of it.
void sanitize_evidence(DeviceEvidence& ev, const std::vector<std::string>& binary_commands);

}  // namespace attest
