// `attest agent ek|ak|quote|activate|pcrs`: the device side of TPM
// attestation. Each prints one JSON document on stdout; errors are one line on
// stderr, exit 2 for bad usage or input, 3 when the TPM fails or times out.
#include <cstdlib>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/inventory_tpm.hpp"
#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/marshal.hpp"

namespace attest::cli {
namespace {

using tpm::AgentOptions;

// Options every agent subcommand takes.
struct Common {
  std::string tcti;
  int timeout_ms = 10000;
  std::string alg = "ecc";
  std::string pcrs = "sha256:0-7";
};

void add_common(po::options_description& desc, Common& c, bool with_alg, bool with_pcrs) {
  desc.add_options()
      ("tcti", po::value(&c.tcti), "TCTI (default: $TPM2TOOLS_TCTI, $TCTI, $TSS2_TCTI, else the tctildr default)")
      ("timeout-ms", po::value(&c.timeout_ms)->default_value(10000), "give up when the TPM does not answer a command in time");
  if (with_alg) desc.add_options()("alg", po::value(&c.alg)->default_value("ecc"), "AK algorithm: ecc | rsa");
  if (with_pcrs) desc.add_options()("pcrs", po::value(&c.pcrs)->default_value("sha256:0-7"), "PCR selection, e.g. sha256:0-7+sha1:0");
}

Result<AgentOptions> agent_options(const Common& c) {
  if (c.timeout_ms < 1 || c.timeout_ms > 600000) return make_error(ErrorKind::usage, "--timeout-ms must be 1..600000");
  return AgentOptions{tpm::resolve_tcti(c.tcti), std::chrono::milliseconds(c.timeout_ms)};
}

ExitCode print(const nlohmann::ordered_json& doc) {
  std::cout << doc.dump() << "\n";
  return ExitCode::pass;
}

// Runs `body(options, alg, selection)` after the common checks.
template <typename Body>
ExitCode with_common(const Common& c, Body body) {
  auto options = agent_options(c);
  if (!options) return report_error(options.error());
  auto alg = tpm::parse_ak_alg(c.alg);
  if (!alg) return report_error(alg.error());
  auto selection = tpm::parse_pcr_selection(c.pcrs);
  if (!selection) return report_error(selection.error());
  return body(*options, *alg, *selection);
}

template <typename T>
ExitCode print_or_report(const Result<T>& r, nlohmann::ordered_json (*to_json)(const T&)) {
  return r ? print(to_json(*r)) : report_error(r.error());
}

ExitCode agent_ek(const Args& args) {
  Common c;
  po::options_description desc("attest agent ek options");
  add_common(desc, c, false, false);
  auto parsed = parse_options(args, "attest agent ek [--tcti STR] [--timeout-ms N]", desc);
  if (parsed.done) return *parsed.done;
  return with_common(c, [](const AgentOptions& o, tpm::AkAlg, const tpm::PcrSelection&) {
    return print_or_report(tpm::read_ek(o), tpm::ek_json);
  });
}

ExitCode agent_ak(const Args& args) {
  Common c;
  std::string persist;
  po::options_description desc("attest agent ak options");
  desc.add_options()("persist", po::value(&persist),
                     "also make the AK persistent at this owner handle (0x81000000-0x817fffff) for tpm2_quote -c");
  add_common(desc, c, true, false);
  auto parsed =
      parse_options(args, "attest agent ak [--alg ecc|rsa] [--persist HANDLE] [--tcti STR] [--timeout-ms N]", desc);
  if (parsed.done) return *parsed.done;
  const auto handle = persist.empty() ? std::optional<std::uint32_t>() : parse_persistent_handle(persist);
  if (!persist.empty() && !handle) {
    return report_error(
        make_error(ErrorKind::usage, "--persist must be an owner persistent handle 0x81000000-0x817fffff"));
  }
  return with_common(c, [&](const AgentOptions& o, tpm::AkAlg alg, const tpm::PcrSelection&) {
    return print_or_report(handle ? tpm::persist_ak(o, alg, *handle) : tpm::read_ak(o, alg), tpm::ak_json);
  });
}

ExitCode agent_quote(const Args& args) {
  Common c;
  std::string nonce_hex;
  po::options_description desc("attest agent quote options");
  desc.add_options()("nonce", po::value(&nonce_hex)->required(), "fresh nonce from the verifier, 1-64 bytes hex");
  add_common(desc, c, true, true);
  auto parsed = parse_options(args, "attest agent quote --nonce HEX [--pcrs sha256:0-7] [--alg ecc|rsa]", desc);
  if (parsed.done) return *parsed.done;
  auto nonce = tpm::parse_nonce(nonce_hex);
  if (!nonce) return report_error(nonce.error());
  return with_common(c, [&](const AgentOptions& o, tpm::AkAlg alg, const tpm::PcrSelection& sel) {
    return print_or_report(tpm::quote(o, alg, *nonce, sel), tpm::quote_json);
  });
}

ExitCode agent_pcrs(const Args& args) {
  Common c;
  po::options_description desc("attest agent pcrs options");
  add_common(desc, c, false, true);
  auto parsed = parse_options(args, "attest agent pcrs [--pcrs sha256:0-7] [--tcti STR]", desc);
  if (parsed.done) return *parsed.done;
  return with_common(c, [](const AgentOptions& o, tpm::AkAlg, const tpm::PcrSelection& sel) {
    return print_or_report(tpm::read_pcrs(o, sel), tpm::pcrs_json);
  });
}

ExitCode agent_activate(const Args& args) {
  Common c;
  std::string blob_b64, secret_b64, ek_name = "rsa";
  po::options_description desc("attest agent activate options");
  desc.add_options()
      ("credential-blob", po::value(&blob_b64)->required(), "base64 marshaled TPM2B_ID_OBJECT (from MakeCredential)")
      ("encrypted-secret", po::value(&secret_b64)->required(), "base64 marshaled TPM2B_ENCRYPTED_SECRET")
      ("ek", po::value(&ek_name)->default_value("rsa"), "the EK the credential was made for: rsa (L-1) | ecc (L-2)");
  add_common(desc, c, true, false);
  auto parsed = parse_options(
      args, "attest agent activate [--alg ecc|rsa] [--ek rsa|ecc] --credential-blob B64 --encrypted-secret B64", desc);
  if (parsed.done) return *parsed.done;
  auto ek = tpm::parse_ak_alg(ek_name, "--ek");
  if (!ek) return report_error(ek.error());
  auto blob = tpm::from_base64(blob_b64, "--credential-blob");
  if (!blob) return report_error(blob.error());
  auto secret = tpm::from_base64(secret_b64, "--encrypted-secret");
  if (!secret) return report_error(secret.error());
  return with_common(c, [&](const AgentOptions& o, tpm::AkAlg alg, const tpm::PcrSelection&) {
    return print_or_report(tpm::activate(o, alg, *ek, *blob, *secret), tpm::activation_json);
  });
}

struct Sub {
  const char* name;
  ExitCode (*handler)(const Args&);
};
constexpr Sub kSubs[] = {{"ek", agent_ek}, {"ak", agent_ak}, {"quote", agent_quote},
                         {"activate", agent_activate}, {"pcrs", agent_pcrs}};

constexpr const char* kUsage =
    "usage: attest agent <ek|ak|quote|activate|pcrs> [options]   (attest agent <sub> --help)\n"
    "  ek        EK certificates from NV and the public keys of the EKs they certify (attest.ek/v1)\n"
    "  ak        the attestation key: a primary key in the endorsement hierarchy, optionally\n"
    "            made persistent for stock tpm2-tools (attest.ak/v1)\n"
    "  quote     quote PCRs with the AK over a verifier's nonce (attest.quote/v1)\n"
    "  activate  ActivateCredential with the EK and the AK (attest.activation/v1)\n"
    "  pcrs      read PCR values (attest.pcrs/v1)\n";

}  // namespace

ExitCode cmd_agent(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? ExitCode::bad_input : ExitCode::pass;
  }
  // The TSS logs its own errors to stderr; ours are the one line the caller
  // reads. An explicit TSS2_LOG from the user still wins.
  ::setenv("TSS2_LOG", "all+none", 0);
  for (const auto& sub : kSubs) {
    if (args[0] == sub.name) return sub.handler(Args(args.begin() + 1, args.end()));
  }
  std::cerr << "attest: agent: unknown subcommand '" << args[0] << "'\n" << kUsage;
  return ExitCode::bad_input;
}

}  // namespace attest::cli
