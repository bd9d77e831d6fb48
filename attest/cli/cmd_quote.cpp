// `attest quote verify`: a stricter tpm2_checkquote, in-process. Reads the
// files stock `tpm2_quote -m -s -o` writes; exit 0 valid, 1 invalid (with the
// reason), 2 unreadable input or usage, 3 internal error.
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/util/encoding.hpp"
#include "attest/tpm/quote/public_key.hpp"
#include "attest/tpm/quote/quote.hpp"
#include "attest/tpm/quote/quote_json.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

constexpr std::size_t kMaxQuoteFile = 64u << 10;  // quote files are < 1 KiB; PCR files < 16 KiB
constexpr const char* kUsage =
    "attest quote verify --ak AK --nonce HEX --message M --signature S --pcrs P\n"
    "       [--pcrs-format serialized|values] [--pcr-selection SEL] [--eventlog L --policy F\n"
    "       [--model M --firmware V]] [--json]";

struct QuoteArgs {
  std::string ak, nonce, message, signature, pcrs, pcrs_format, pcr_selection;
  std::string eventlog, policy, model, firmware;
  bool json = false;
};

// Everything verify_quote needs, read and parsed: any failure here is exit 2.
struct Inputs {
  EvpPkeyPtr ak;
  Bytes message, signature;
  tpm::PcrValues pcrs;
  tpm::QuotePolicy policy;
};

Result<Bytes> read_bytes(const std::string& path, std::size_t cap = kMaxQuoteFile) {
  auto text = read_file(path, cap);
  if (!text) return text.error();
  return Bytes(text->begin(), text->end());
}

Error in_file(const std::string& path, const Error& e) { return make_error(e.kind, path + ": " + e.message); }

// The AK as PEM (tpm2_createak -f pem) or as a marshaled TPM2B_PUBLIC (tss format).
Result<EvpPkeyPtr> load_ak(const std::string& path) {
  auto bytes = read_bytes(path);
  if (!bytes) return bytes.error();
  const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  auto key = text.starts_with("-----BEGIN") ? tpm::load_public_key_pem(text) : tpm::public_key_from_tpm2b_public(*bytes);
  if (!key) return in_file(path, key.error());
  return key;
}

Result<tpm::PcrValues> load_pcrs(const QuoteArgs& a, const Bytes& message) {
  auto bytes = read_bytes(a.pcrs);
  if (!bytes) return bytes.error();
  if (a.pcrs_format == "serialized") {
    auto values = tpm::parse_pcr_file(*bytes);
    return values ? values : in_file(a.pcrs, values.error());
  }
  // "values" holds no selection: tpm2_quote wrote the digests in the order of
  // the quote's own TPML_PCR_SELECTION, so that order is the layout.
  auto quote = tpm::parse_quote(message);
  if (!quote) return in_file(a.message, quote.error());
  auto values = tpm::parse_pcr_values(*bytes, quote->pcr_banks);
  return values ? values : in_file(a.pcrs, values.error());
}

Result<Inputs> load_inputs(const QuoteArgs& a) {
  if (a.pcrs_format != "serialized" && a.pcrs_format != "values") {
    return make_error(ErrorKind::usage, "--pcrs-format must be serialized or values");
  }
  Inputs in;
  auto nonce = hex_decode(a.nonce);
  if (!nonce) return make_error(ErrorKind::usage, "--nonce: " + nonce.error().message);
  in.policy.nonce = std::move(*nonce);
  auto required = tpm::parse_pcr_selection(a.pcr_selection);
  if (!required) return make_error(ErrorKind::usage, "--pcr-selection: " + required.error().message);
  in.policy.required = std::move(*required);
  auto ak = load_ak(a.ak);
  if (!ak) return ak.error();
  in.ak = std::move(*ak);
  for (auto [path, out] : {std::pair{&a.message, &in.message}, {&a.signature, &in.signature}}) {
    auto bytes = read_bytes(*path);
    if (!bytes) return bytes.error();
    *out = std::move(*bytes);
  }
  // Structure first, so a truncated file is "unreadable" (2), not "invalid" (1).
  if (auto q = tpm::parse_quote(in.message); !q) return in_file(a.message, q.error());
  if (auto s = tpm::parse_signature(in.signature); !s) return in_file(a.signature, s.error());
  auto pcrs = load_pcrs(a, in.message);
  if (!pcrs) return pcrs.error();
  in.pcrs = std::move(*pcrs);
  return in;
}

// The one boot policy of --policy F (attest.boot/v1), or the one for --model/--firmware.
Result<BootPolicy> load_boot_policy(const QuoteArgs& a) {
  auto text = read_file(a.policy, 1u << 20);
  if (!text) return text.error();
  GoldenDb db;
  if (auto st = parse_boot_file(*text, a.policy, db); !st) return st.error();
  if (!a.model.empty() || !a.firmware.empty()) {
    const BootPolicy* p = db.find_boot(a.model, a.firmware);
    if (!p) return make_error(ErrorKind::input, a.policy + ": no boot policy for model '" + a.model + "' firmware '" + a.firmware + "'");
    return *p;
  }
  if (db.boot.size() != 1) {
    return make_error(ErrorKind::usage, a.policy + ": holds " + std::to_string(db.boot.size()) +
                                            " boot policies; pick one with --model and --firmware");
  }
  return db.boot.front();
}

nlohmann::ordered_json verified_json(const tpm::VerifiedQuote& v) {
  nlohmann::ordered_json out{{"schema", "attest.quote-verify/v1"}, {"valid", true}};
  out.update(tpm::verified_quote_json(v));
  return out;
}

ExitCode invalid(const QuoteArgs& a, const std::string& reason) {
  if (a.json) std::cout << nlohmann::json{{"schema", "attest.quote-verify/v1"}, {"valid", false}, {"reason", reason}}.dump(2) << "\n";
  std::cerr << "attest: " << reason << "\n";
  return ExitCode::blocked;
}

// Measured boot over the verified PCRs: pass, fail (exit 1) or error (log unreadable, exit 2).
std::optional<ExitCode> check_boot(const QuoteArgs& a, const tpm::VerifiedQuote& v, nlohmann::ordered_json& out) {
  auto policy = load_boot_policy(a);
  if (!policy) return report_error(policy.error());
  auto log = read_bytes(a.eventlog, tpm::kMaxEventLogBytes);
  if (!log) return report_error(log.error());
  const Finding f = tpm::check_measured_boot(*log, v.pcrs, v.quote.pcr_selection, &*policy);
  out["measured_boot"] = {{"status", to_string(f.status)}, {"detail", f.detail}};
  if (f.status == CheckStatus::pass) return std::nullopt;
  if (f.status == CheckStatus::error) return report_error(make_error(ErrorKind::input, a.eventlog + ": " + f.detail));
  return invalid(a, "measured boot: " + f.detail);
}

ExitCode run_verify(const QuoteArgs& a) {
  auto in = load_inputs(a);
  if (!in) return report_error(in.error());
  auto v = tpm::verify_quote(in->message, in->signature, in->pcrs, in->ak.get(), in->policy);
  if (!v) return v.error().kind == ErrorKind::crypto ? invalid(a, v.error().message) : report_error(v.error());
  nlohmann::ordered_json out = verified_json(*v);
  if (!a.eventlog.empty()) {
    if (auto code = check_boot(a, *v, out)) return *code;
  }
  if (a.json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "quote verified: " << out["sig_alg"].get<std::string>() << "/" << out["hash_alg"].get<std::string>()
              << ", PCRs " << out["pcr_selection"].get<std::string>() << ", resetCount " << v->reset_count
              << ", restartCount " << v->restart_count << ", clock " << v->clock << " ms, firmware "
              << out["firmware_version"].get<std::string>()
              << (a.eventlog.empty() ? "" : ", measured boot golden") << "\n";
  }
  return ExitCode::pass;
}

}  // namespace

ExitCode cmd_quote(const Args& args) {
  if (args.empty() || args[0] != "verify") {
    const bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
    (help ? std::cout : std::cerr) << "usage: " << kUsage << "\n";
    return help ? ExitCode::pass : ExitCode::bad_input;
  }
  // tss2-mu logs every structure it refuses to stderr; we report the error once.
  ::setenv("TSS2_LOG", "marshal+none", 0);
  QuoteArgs a;
  po::options_description desc("attest quote verify options");
  desc.add_options()
      ("ak", po::value(&a.ak)->required(), "AK public key: PEM (tpm2_createak -f pem) or TPM2B_PUBLIC")
      ("nonce", po::value(&a.nonce)->required(), "the fresh nonce given to tpm2_quote -q, hex")
      ("message", po::value(&a.message)->required(), "TPMS_ATTEST (tpm2_quote -m)")
      ("signature", po::value(&a.signature)->required(), "TPMT_SIGNATURE (tpm2_quote -s)")
      ("pcrs", po::value(&a.pcrs)->required(), "PCR values (tpm2_quote -o)")
      ("pcrs-format", po::value(&a.pcrs_format)->default_value("serialized"), "serialized|values (tpm2_quote -F)")
      ("pcr-selection", po::value(&a.pcr_selection)->default_value("sha256:0-7"), "PCRs the quote must cover")
      ("eventlog", po::value(&a.eventlog), "event log to replay against the quoted PCRs (needs --policy)")
      ("policy", po::value(&a.policy), "golden boot policy file, attest.boot/v1")
      ("model", po::value(&a.model), "pick the policy of this model in --policy")
      ("firmware", po::value(&a.firmware), "pick the policy of this firmware version in --policy")
      ("json", po::bool_switch(&a.json), "print the result as JSON");
  auto parsed = parse_options(Args(args.begin() + 1, args.end()), kUsage, desc);
  if (parsed.done) return *parsed.done;
  if (a.eventlog.empty() != a.policy.empty()) {
    return report_error(make_error(ErrorKind::usage, "--eventlog and --policy go together"));
  }
  return run_verify(a);
}

}  // namespace attest::cli
