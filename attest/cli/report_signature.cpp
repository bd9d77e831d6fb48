#include "attest/cli/report_signature.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "attest/cli/options.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

constexpr std::size_t kMaxReportBytes = 256u << 20;

// When the report names the key it claims to be signed with and that is not
// the key given, say so: "wrong key" is the likelier story than tampering.
std::string mismatch_reason(const std::string& text, const std::string& key_id, const std::string& sig_path) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  std::string claimed;
  if (j.is_object() && j.contains("signature") && j["signature"].is_object())
    claimed = j["signature"].value("key_id", "");
  std::string reason = sig_path + ": signature does not verify the report under key " + key_id.substr(0, 16) + "...";
  if (!claimed.empty() && claimed != key_id) {
    return reason + ": the report says it was signed with key " + claimed.substr(0, 16) + "... (wrong --pubkey?)";
  }
  return reason + ": the report or its signature was modified after signing";
}

}  // namespace

Result<ReportSignatureCheck> check_report_signature(const std::string& report_path, const std::string& sig_path,
                                                    const std::string& pubkey_path) {
  auto key = sign::load_public_key(pubkey_path);
  if (!key) return key.error();
  return check_report_signature(report_path, sig_path, key->get());
}

Result<ReportSignatureCheck> check_report_signature(const std::string& report_path, const std::string& sig_path,
                                                    EVP_PKEY* key) {
  auto text = read_file(report_path, kMaxReportBytes);
  if (!text) return text.error();
  auto sig = read_file(sig_path, 4096);
  if (!sig) return sig.error();
  ReportSignatureCheck out;
  out.key_id = sign::key_id(key);
  out.sha256 = sha256_hex(*text);
  if (sig->size() != sign::kSignatureSize) {
    out.reason = sig_path + ": " + std::to_string(sig->size()) + " bytes; an Ed25519 signature is 64";
  } else if (!sign::verify(key, *text, *sig)) {
    out.reason = mismatch_reason(*text, out.key_id, sig_path);
  } else {
    out.valid = true;
  }
  out.text = std::move(text).value();
  return out;
}

ExitCode report_verify(const Args& args) {
  std::string report, sig, pubkey;
  bool json = false;
  po::options_description desc("attest report verify options");
  desc.add_options()
      ("report", po::value(&report)->required(), "report.json")
      ("pubkey", po::value(&pubkey)->required(), "the signer's Ed25519 public key (PEM)")
      ("sig", po::value(&sig), "signature file (default: <report>.sig)")
      ("json", po::bool_switch(&json), "print the result as JSON");
  auto parsed = parse_options(args, "attest report verify --report R --pubkey K [--sig S] [--json]", desc);
  if (parsed.done) return *parsed.done;
  if (sig.empty()) sig = report + ".sig";
  auto check = check_report_signature(report, sig, pubkey);
  if (!check) return report_error(check.error());
  if (json) {
    std::cout << nlohmann::json{{"report", report}, {"valid", check->valid}, {"reason", check->reason},
                                {"sha256", check->sha256}, {"key_id", check->key_id}}.dump(2) << "\n";
  } else if (check->valid) {
    std::cout << report << ": signature valid (Ed25519, key " << check->key_id << "; report sha256 " << check->sha256
              << ")\n";
  } else {
    std::cerr << "attest: " << check->reason << "\n";
  }
  return check->valid ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
