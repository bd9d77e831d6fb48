// The "tpm" section of an inventory device: PCR selection, AK algorithm, how
// the quote is taken (attest agent or stock tpm2_quote with a persistent AK)
// and where the event log is read. Part of the inventory loader.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "attest/config/json_reader.hpp"
#include "attest/core/inventory.hpp"

namespace attest {

// Reads device member "tpm" (if present) into `d.tpm`; `d.profile` must be set
// (a TPM device needs an event-log location: its own or its profile's).
void read_tpm_section(JsonReader& device, Device& d);

// True for a path that is safe to place on a device's command line unquoted:
// absolute, at most 255 bytes of [A-Za-z0-9/._-], no "." or ".." component.
bool is_event_log_path(std::string_view path);

// "0x81010002" -> 0x81010002 when it names an owner persistent handle
// (0x81000000-0x817fffff, TPM 2.0 Part 2, 7.2 / Part 1, 37.3.2); else nullopt.
std::optional<std::uint32_t> parse_persistent_handle(std::string_view text);

}  // namespace attest
