// Internal to the ledger library: the one definition of an entry's members
// and digests, shared by the writer (make_ledger_line) and the verifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace attest::ledger::detail {

// Problem with a parsed entry's members (order, types, formats), or nullopt.
std::optional<std::string> entry_members_problem(const nlohmann::ordered_json& entry);

// SHA-256 hex of `line` without its trailing `,"entry_sha256":"<64 hex>"`
// member: what that member must hold. `line` must end with that member.
std::string entry_digest(std::string_view line);

// The compact text attest writes for an entry (and so the only accepted form).
std::string entry_text(const nlohmann::ordered_json& entry);

}  // namespace attest::ledger::detail
