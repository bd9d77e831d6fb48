// `attest report merge R1 R2 ... --pubkey K --out DIR [--sign-key KEY]`:
// verifies each shard report's signature (as `attest gate` does: unsigned or
// tampered shards are refused), joins them (engine/report_merge.hpp) and
// writes the site report as a rack run writes its own: report.json
// (+ report.json.sig), report.html, junit.xml.
#pragma once

#include "attest/cli/commands.hpp"

namespace attest::cli {

ExitCode report_merge(const Args& args);

}  // namespace attest::cli
