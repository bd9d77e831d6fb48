// `attest pin`: the explicit, reviewed step that records host keys. A gate
// run never trusts a key on first use; this command is where a person looks
// at the fingerprints (ideally against the device's console) before they
// become pins.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/ssh/collector.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {

ExitCode cmd_pin(const Args& args) {
  std::string inventory_path, out_path;
  po::options_description desc("attest pin options");
  desc.add_options()
      ("inventory", po::value(&inventory_path)->required(), "inventory JSON (pins may be missing)")
      ("out", po::value(&out_path)->required(), "where to write the pinned inventory");
  auto parsed = parse_options(args, "attest pin --inventory F --out F2", desc);
  if (parsed.done) return *parsed.done;

  auto original = read_file(inventory_path);
  if (!original) return report_error(original.error());
  auto inv = load_inventory(inventory_path, /*require_pins=*/false);
  if (!inv) return report_error(inv.error());

  std::map<std::string, std::string> pins;
  bool all_reached = true;
  for (const auto& d : inv->devices) {
    if (!d.host_key.empty()) {
      std::cout << d.name << "  already pinned  " << d.host_key << "\n";
      continue;
    }
    auto key = fetch_host_key(d.address, d.port, d.timeouts.connect);
    if (!key) {
      all_reached = false;
      std::cout << d.name << "  NOT PINNED  " << key.error().message << "\n";
      continue;
    }
    pins[d.name] = key->fingerprint;
    std::cout << d.name << "  " << d.address << ":" << d.port << "  " << key->type << "  " << key->fingerprint << "\n";
  }
  auto updated = set_host_keys(*original, pins);
  if (!updated) return report_error(updated.error());
  if (auto st = write_file_atomic(out_path, *updated); !st) return report_error(st.error());
  std::cout << "wrote " << out_path << " with " << pins.size() << " new pin(s). Compare each fingerprint with the "
            << "device's console (e.g. `ssh-keygen -lf` of its host key) before using it.\n";
  return all_reached ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
