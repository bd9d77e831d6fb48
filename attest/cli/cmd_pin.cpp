// `attest pin`: the explicit, reviewed step that records host keys. A gate
// run never trusts a key on first use; this command is where a person looks
// at the fingerprints (ideally against the device's console) before they
// become pins. The keys come from the network, or offline from what the site
// already has: an OpenSSH known_hosts file or an ssh-keyscan capture.
#include <iostream>
#include <optional>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/pin_plan.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/redfish/https.hpp"
#include "attest/ssh/collector.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

struct PinOptions {
  std::string inventory_path, out_path, known_hosts, keyscan, device;
  bool repin = false;
  bool offline() const { return !known_hosts.empty() || !keyscan.empty(); }
};

// The files named on the command line, read once.
struct KeyFiles {
  std::vector<std::pair<std::string, ssh::KnownHosts>> files;

  Result<std::vector<ssh::ListedKey>> keys_for(const Device& d) const {
    std::vector<ssh::ListedKey> out;
    for (const auto& [path, file] : files) {
      auto keys = file.keys_for(d.address, d.port);
      if (!keys) return keys.error();
      out.insert(out.end(), keys->begin(), keys->end());
    }
    return out;
  }
  std::string names() const {
    std::string out;
    for (const auto& [path, file] : files) out += (out.empty() ? "" : " or ") + path;
    return out;
  }
};

Result<KeyFiles> load_key_files(const PinOptions& o) {
  KeyFiles out;
  for (const auto& [path, form] : {std::pair{o.known_hosts, ssh::HostKeyFile::known_hosts},
                                   std::pair{o.keyscan, ssh::HostKeyFile::keyscan}}) {
    if (path.empty()) continue;
    auto file = ssh::KnownHosts::load(path, form);
    if (!file) return file.error();
    out.files.emplace_back(path, std::move(file).value());
  }
  return out;
}

std::string endpoint(const Device& d) { return d.address + ":" + std::to_string(d.port); }

// What the source offers for `d`: nothing (and why) or its keys.
struct Offer {
  std::vector<ssh::ListedKey> keys;
  std::string missing;  // why there are none
};

// A Redfish BMC's pin: its TLS certificate, read in a handshake that sends
// no HTTP at all.
Offer certificate_offer(const Device& d) {
  auto cert = redfish::fetch_certificate(d.address, d.port, d.timeouts.connect);
  if (!cert) return Offer{{}, cert.error().message};
  return Offer{{ssh::ListedKey{"tls-certificate " + cert->subject, cert->fingerprint}}, ""};
}

Result<Offer> offer_for(const Device& d, const PinOptions& o, const KeyFiles& files) {
  if (d.transport == Transport::redfish) {
    if (o.offline()) return Offer{{}, "known_hosts and ssh-keyscan files hold SSH keys: a Redfish BMC is pinned online"};
    if (!d.host_keys.empty() && !o.repin) return Offer{};
    return certificate_offer(d);
  }
  if (o.offline()) {
    auto keys = files.keys_for(d);
    if (!keys) return keys.error();
    return Offer{*keys, "no key for " + endpoint(d) + " in " + files.names()};
  }
  // Online, a pinned device is only contacted to be repinned.
  if (!d.host_keys.empty() && !o.repin) return Offer{};
  auto key = fetch_host_key(d.address, d.port, d.timeouts.connect);
  if (!key) return Offer{{}, key.error().message};
  return Offer{{ssh::ListedKey{key->type, key->fingerprint}}, ""};
}

void print_keys(const Device& d, const char* label, const std::vector<ssh::ListedKey>& keys) {
  for (const auto& k : keys) std::cout << d.name << "  " << label << endpoint(d) << "  " << k.type << "  " << k.fingerprint << "\n";
}

// Prints what happens to `d`; true when it ends pinned as asked.
bool report(const Device& d, const PinDecision& pd, const Offer& offer) {
  switch (pd.action) {
    case PinAction::keep:
      std::cout << d.name << "  already pinned  " << pins_text(d.host_keys) << "\n";
      return true;
    case PinAction::add:
      print_keys(d, "", pd.offered);
      return true;
    case PinAction::repin:
      for (const auto& old_pin : d.host_keys) std::cout << d.name << "  old pin  " << old_pin << "\n";
      print_keys(d, "new pin  ", pd.offered);
      return true;
    case PinAction::conflict:
      for (const auto& k : pd.unknown) {
        std::cout << d.name << "  CONFLICT  pinned " << pins_text(d.host_keys) << "; found " << k.type << " "
                  << k.fingerprint << " (pin kept: check the device, then `attest pin --device " << d.name
                  << " --repin`)\n";
      }
      return false;
    case PinAction::unmatched:
      std::cout << d.name << "  NOT PINNED  " << offer.missing << "\n";
      return false;
  }
  return false;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status check_usage(const PinOptions& o, const Inventory& inv) {
  if (o.repin && o.device.empty()) return make_error(ErrorKind::usage, "--repin needs --device NAME: one device at a time");
  if (o.device.empty()) return ok_status();
  for (const auto& d : inv.devices)
    if (d.name == o.device) return ok_status();
  return make_error(ErrorKind::usage, inv.path + ": no device named '" + o.device + "'");
}

}  // namespace

ExitCode cmd_pin(const Args& args) {
  PinOptions o;
  po::options_description desc("attest pin options");
  desc.add_options()
      ("inventory", po::value(&o.inventory_path)->required(), "inventory JSON (pins may be missing)")
      ("out", po::value(&o.out_path)->required(), "where to write the pinned inventory")
      ("known-hosts", po::value(&o.known_hosts), "take keys from this OpenSSH known_hosts file (no network)")
      ("keyscan", po::value(&o.keyscan), "take keys from this ssh-keyscan output (no network)")
      ("device", po::value(&o.device), "only this device")
      ("repin", po::bool_switch(&o.repin), "with --device: replace its pins, printing old and new");
  auto parsed = parse_options(args, "attest pin --inventory F --out F2 [--known-hosts F | --keyscan F] "
                                    "[--device NAME [--repin]]", desc);
  if (parsed.done) return *parsed.done;

  auto original = read_file(o.inventory_path);
  if (!original) return report_error(original.error());
  auto inv = load_inventory(o.inventory_path, /*require_pins=*/false);
  if (!inv) return report_error(inv.error());
  if (auto st = check_usage(o, *inv); !st) return report_error(st.error());
  auto files = load_key_files(o);
  if (!files) return report_error(files.error());

  PinsByDevice pins;
  std::vector<std::string> conflicts, unpinned;
  for (const auto& d : inv->devices) {
    if (!o.device.empty() && d.name != o.device) continue;
    auto offer = offer_for(d, o, *files);
    if (!offer) return report_error(offer.error());
    const PinDecision pd = decide_pins(d, offer->keys, o.repin);
    if (!report(d, pd, *offer)) (pd.action == PinAction::conflict ? conflicts : unpinned).push_back(d.name);
    if (pd.action == PinAction::add || pd.action == PinAction::repin) pins[d.name] = pd.pins;
  }
  auto updated = set_host_keys(*original, pins);
  if (!updated) return report_error(updated.error());
  if (auto st = write_file_atomic(o.out_path, *updated); !st) return report_error(st.error());
  std::cout << "wrote " << o.out_path << " with new pins for " << pins.size() << " device(s). Compare each "
            << "fingerprint with the device's console (e.g. `ssh-keygen -lf` of its host key) before using it.\n";
  if (!conflicts.empty()) std::cout << "conflicts (pins kept): " << joined(conflicts) << "\n";
  if (!unpinned.empty()) std::cout << "not pinned: " << joined(unpinned) << "\n";
  return conflicts.empty() && unpinned.empty() ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
