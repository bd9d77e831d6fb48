// `attest waivers sign --key KEY FILE` and `attest waivers verify --pubkey PUB
// --inventory INV FILE`: the approver signs the waivers file (FILE.sig, raw
// Ed25519 over its bytes, checkable with stock openssl like report.json.sig);
// anyone checks it, its content against the inventory, and which waivers are
// in force now.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/run_waivers.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/config/waivers_loader.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

// Signs only a file that is valid against the inventory: an approver never
// signs what a run would refuse.
ExitCode sign_waivers(const std::string& file, const std::string& key_path, const std::string& inventory_path) {
  auto key = sign::load_private_key(key_path);
  if (!key) return report_error(key.error());
  auto text = read_file(file, kMaxWaiversBytes);
  if (!text) return report_error(text.error());
  auto inventory = load_inventory(inventory_path, /*require_pins=*/false);
  if (!inventory) return report_error(inventory.error());
  auto parsed = parse_waivers(*text, file, *inventory);
  if (!parsed) return report_error(parsed.error());
  auto sig = sign::sign(key->get(), *text);
  if (!sig) return report_error(sig.error());
  if (auto st = write_file_atomic(file + ".sig", std::string(sig->begin(), sig->end())); !st) return report_error(st.error());
  std::cout << file << ".sig: " << parsed->waivers.size() << " waivers signed with key " << sign::key_id(key->get()) << "\n";
  return ExitCode::pass;
}

ExitCode verify_waivers(const std::string& file, const std::string& pubkey, const std::string& inventory_path) {
  auto inventory = load_inventory(inventory_path, /*require_pins=*/false);
  if (!inventory) return report_error(inventory.error());
  auto waivers = load_run_waivers(file, pubkey, *inventory, unix_now_seconds());
  if (!waivers) return report_error(waivers.error());
  for (const auto& w : waivers->warnings) std::cerr << "warning: " << w << "\n";
  if (waivers->record.key_id.empty()) return ExitCode::blocked;  // not signed: nothing would apply
  for (const auto& w : waivers->active) {
    std::cout << w.id << ": in force until " << w.expires << ": " << w.check << " on "
              << (w.device.empty() ? "rack " + w.rack : w.device) << " (approved by " << w.approver << ", " << w.ticket
              << ")\n";
  }
  std::cout << file << ": signature verifies under key " << waivers->record.key_id << "; " << waivers->active.size()
            << " of " << waivers->record.waivers.size() << " waivers in force\n";
  return ExitCode::pass;
}

}  // namespace

ExitCode cmd_waivers(const Args& args) {
  std::string action, file, key, pubkey, inventory;
  po::options_description desc("attest waivers options");
  desc.add_options()
      ("action", po::value(&action)->required(), "sign | verify")
      ("file", po::value(&file)->required(), "waivers file (attest.waivers/v1)")
      ("inventory", po::value(&inventory)->required(), "the inventory the waivers name devices and racks of")
      ("key", po::value(&key), "sign: the approvers' Ed25519 private key (mode 0600)")
      ("pubkey", po::value(&pubkey), "verify: the approvers' public key (PEM)");
  po::positional_options_description pos;
  pos.add("action", 1).add("file", 1);
  auto parsed = parse_options(
      args, "attest waivers sign --key KEY --inventory INV FILE | waivers verify --pubkey PUB --inventory INV FILE", desc,
      &pos);
  if (parsed.done) return *parsed.done;
  if (action == "sign" && !key.empty()) return sign_waivers(file, key, inventory);
  if (action == "verify" && !pubkey.empty()) return verify_waivers(file, pubkey, inventory);
  if (action == "sign" || action == "verify") {
    return report_error(make_error(ErrorKind::usage, "waivers " + action + " needs --" + (action == "sign" ? "key" : "pubkey")));
  }
  return report_error(make_error(ErrorKind::usage, "unknown waivers action '" + action + "' (try: sign, verify)"));
}

}  // namespace attest::cli
