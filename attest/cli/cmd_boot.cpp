// `attest boot golden --eventlog L --model M --firmware V [--from-quote Q
// --nonce HEX] [--pcr-selection S] --out F [--force]`: golden boot values
// from a reference machine, written as an attest.boot/v1 file that a reviewer
// checks and then signs into the DB (`attest db sign`). With --from-quote, the
// log must first replay to the PCRs of a verified quote from the same TPM
// (`attest agent quote --nonce HEX` on the reference machine), so the values
// are what the TPM measured and not only what the log file says.
// Exit 0 written, 2 bad input (unparseable log or quote, a log the quote does
// not vouch for, an existing --out without --force) or bad usage.
#include <filesystem>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/golden_gen.hpp"
#include "attest/tpm/quote/agent_quote.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

constexpr const char* kUsage =
    "attest boot golden --eventlog L --model M --firmware V [--from-quote Q --nonce HEX]\n"
    "       [--pcr-selection S] --out F [--force]";
constexpr std::size_t kMaxQuoteJson = 64u << 10;

struct GoldenArgs {
  std::string eventlog, model, firmware, quote, nonce, pcr_selection, out;
  bool force = false;
};

Error bad(const std::string& what) { return make_error(ErrorKind::input, what); }

// The quote verified with its own AK over --nonce, and the log replaying to
// its PCRs: the text for the policy's reference.quote.
Result<std::string> check_against_quote(const GoldenArgs& a, const tpm::EventLog& log, const std::string& selection) {
  auto text = read_file(a.quote, kMaxQuoteJson);
  if (!text) return text.error();
  auto quote = tpm::parse_agent_quote_json(*text);
  if (!quote) return bad(a.quote + ": " + quote.error().message);
  tpm::QuotePolicy policy;
  auto nonce = hex_decode(a.nonce);
  if (!nonce || nonce->empty()) return make_error(ErrorKind::usage, "--nonce must be the hex nonce the quote was taken over");
  policy.nonce = std::move(*nonce);
  policy.required = *tpm::parse_pcr_selection(selection);
  auto verified = tpm::verify_agent_quote(*quote, policy);
  if (!verified) return bad(a.quote + ": " + verified.error().message);
  if (auto mismatch = tpm::replay_mismatch(log, verified->pcrs, policy.required)) {
    return bad(a.eventlog + ": not vouched for by " + a.quote + ": " + mismatch->what);
  }
  return "attest.quote/v1 over " + selection + " verified with AK " + to_hex(quote->ak_name) + ", nonce " + a.nonce +
         "; the log replays to its PCRs";
}

Result<std::string> golden_text(const GoldenArgs& a) {
  auto bytes = read_file(a.eventlog, tpm::kMaxEventLogBytes);
  if (!bytes) return bytes.error();
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes->data());
  auto log = tpm::parse_event_log({data, bytes->size()});
  if (!log) return bad(a.eventlog + ": " + log.error().message);
  tpm::GoldenBootRequest request{a.model, a.firmware, a.pcr_selection, sha256(*bytes), "",
                                 std::string("attest boot golden ") + tool_version()};
  if (!a.quote.empty()) {
    const std::string selection = !a.pcr_selection.empty()                      ? a.pcr_selection
                                  : log->format == tpm::EventLogFormat::sha1_only ? "sha1:0-7"
                                                                                  : "sha256:0-7";
    if (!tpm::parse_pcr_selection(selection)) return make_error(ErrorKind::usage, "--pcr-selection: not a selection");
    auto vouched = check_against_quote(a, *log, selection);
    if (!vouched) return vouched.error();
    request.quote = std::move(*vouched);
  }
  auto doc = tpm::golden_boot_document(*log, request);
  if (!doc) return bad(a.eventlog + ": " + doc.error().message);
  std::string text = doc->dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  GoldenDb check;  // what is written must load as the DB will load it
  if (auto st = parse_boot_file(text, a.out, check); !st) return st.error();
  return text;
}

}  // namespace

ExitCode cmd_boot(const Args& args) {
  std::string action;
  GoldenArgs a;
  po::options_description desc("attest boot options");
  desc.add_options()
      ("action", po::value(&action)->required(), "golden")
      ("eventlog", po::value(&a.eventlog)->required(), "the reference machine's event log (binary_bios_measurements)")
      ("model", po::value(&a.model)->required(), "the model the values are for, as in firmware/*.json")
      ("firmware", po::value(&a.firmware)->required(), "the firmware version the reference machine runs")
      ("from-quote", po::value(&a.quote), "an attest.quote/v1 from the same TPM (`attest agent quote`): the log must replay to it")
      ("nonce", po::value(&a.nonce), "hex nonce the --from-quote quote was taken over")
      ("pcr-selection", po::value(&a.pcr_selection), "PCRs devices must quote (default sha256:0-7; sha1:0-7 for SHA1-only logs)")
      ("out", po::value(&a.out)->required(), "the attest.boot/v1 file to write")
      ("force", po::bool_switch(&a.force), "replace --out if it exists");
  po::positional_options_description pos;
  pos.add("action", 1);
  auto parsed = parse_options(args, kUsage, desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action != "golden") return report_error(make_error(ErrorKind::usage, "unknown boot action '" + action + "' (try: golden)"));
  if (a.quote.empty() != a.nonce.empty()) {
    return report_error(make_error(ErrorKind::usage, "--from-quote and --nonce go together"));
  }
  if (!a.force && std::filesystem::exists(a.out)) {
    return report_error(make_error(ErrorKind::usage, a.out + ": exists; not overwritten (use --force to replace it)"));
  }
  auto text = golden_text(a);
  if (!text) return report_error(text.error());
  if (auto st = write_file_atomic(a.out, *text); !st) return report_error(st.error());
  std::cout << "wrote " << a.out << ": golden boot values for " << a.model << " firmware " << a.firmware
            << " from " << a.eventlog << (a.quote.empty() ? "" : " (vouched for by the quote)")
            << "; review them, then sign the DB (attest db sign)\n";
  return ExitCode::pass;
}

}  // namespace attest::cli
