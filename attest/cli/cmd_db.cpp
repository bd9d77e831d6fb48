// `attest db lint DIR`: validate the golden database before review/signing.
// `attest db sign --key KEY DIR`: write DIR/MANIFEST.json and its signature.
// `attest db verify --pubkey K DIR`: what `attest rack` checks before a run.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/sign/ed25519.hpp"

namespace attest::cli {
namespace {

ExitCode lint(const std::string& dir) {
  std::vector<std::string> notes;
  if (auto st = lint_golden_db(dir, &notes); !st) return report_error(st.error());
  for (const auto& n : notes) std::cout << "note: " << n << "\n";
  auto db = load_golden_db(dir);
  if (!db) return report_error(db.error());
  std::cout << dir << ": ok: " << db->firmware.size() << " model policies, " << db->credentials.size()
            << " credential profiles\n";
  return ExitCode::pass;
}

// Signing a DB that does not load would only move the error to the gate.
ExitCode sign_dir(const std::string& dir, const std::string& key_file) {
  if (key_file.empty()) return report_error(make_error(ErrorKind::usage, "db sign needs --key KEY"));
  auto key = sign::load_private_key(key_file);
  if (!key) return report_error(key.error());
  if (auto db = load_golden_db(dir); !db) return report_error(db.error());
  auto manifest = sign::sign_db(dir, key->get());
  if (!manifest) return report_error(manifest.error());
  std::cout << dir << ": signed " << manifest->files.size() << " files with key " << manifest->key_id << "\n";
  return ExitCode::pass;
}

ExitCode verify_dir(const std::string& dir, const std::vector<std::string>& pubkeys) {
  auto verified = sign::verify_db(dir, pubkeys);
  if (!verified) return report_error(verified.error());
  // As `attest rack` does: the verified bytes must also load.
  if (auto db = load_golden_db(verified->files, dir); !db) return report_error(db.error());
  const auto& trust = verified->trust;
  std::cout << dir << ": signature and all " << trust.files << " files verify (key " << trust.key_id
            << ", signed " << trust.signed_at << ")\n";
  return ExitCode::pass;
}

}  // namespace

ExitCode cmd_db(const Args& args) {
  std::string action, dir, key;
  std::vector<std::string> pubkeys;
  po::options_description desc("attest db options");
  desc.add_options()
      ("action", po::value(&action)->required(), "lint | sign | verify")
      ("dir", po::value(&dir)->required(), "golden database directory")
      ("key", po::value(&key), "sign: Ed25519 private key (mode 0600)")
      ("pubkey", po::value(&pubkeys), "verify: trusted DB public key (PEM); repeatable");
  po::positional_options_description pos;
  pos.add("action", 1).add("dir", 1);
  auto parsed = parse_options(args, "attest db lint DIR | db sign --key KEY DIR | db verify --pubkey PUB DIR", desc, &pos);
  if (parsed.done) return *parsed.done;
  if (action == "lint") return lint(dir);
  if (action == "sign") return sign_dir(dir, key);
  if (action == "verify") return verify_dir(dir, pubkeys);
  return report_error(make_error(ErrorKind::usage, "unknown db action '" + action + "' (try: lint, sign, verify)"));
}

}  // namespace attest::cli
