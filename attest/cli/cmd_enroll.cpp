// `attest enroll`: records the TPM identity of new devices (EK certified by
// its manufacturer, AK proven to live beside it) in the enrollment file that
// later gate runs verify quotes against.
#include <filesystem>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/rack_run.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/config/secrets_loader.hpp"
#include "attest/engine/enroll.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

struct EnrollArgs {
  std::string inventory, secrets, db, out, device, rack;
  std::vector<std::string> db_pubkeys, roots, intermediates;
  bool allow_unsigned_db = false;
};

Result<std::vector<Device>> chosen(const Inventory& inv, const EnrollArgs& a) {
  std::vector<Device> out;
  for (const auto& d : inv.devices)
    if ((a.device.empty() || d.name == a.device) && (a.rack.empty() || d.rack == a.rack)) out.push_back(d);
  if (out.empty()) return make_error(ErrorKind::usage, inv.path + ": no device matches --device/--rack");
  return out;
}

Result<tpm::Enrollments> existing(const std::string& path, const std::string& site) {
  if (!std::filesystem::exists(path)) return tpm::Enrollments{site, {}};
  return tpm::load_enrollments(path);
}

}  // namespace

ExitCode cmd_enroll(const Args& args) {
  EnrollArgs a;
  po::options_description desc("attest enroll options");
  desc.add_options()
      ("inventory", po::value(&a.inventory)->required(), "inventory JSON")
      ("secrets", po::value(&a.secrets)->required(), "secrets JSON, mode 0600")
      ("db", po::value(&a.db)->required(), "golden database directory (EK roots in DB/tpm-roots/)")
      ("db-pubkey", po::value(&a.db_pubkeys)->multitoken(), "trusted golden DB signing key (PEM); repeatable")
      ("allow-unsigned-db", po::bool_switch(&a.allow_unsigned_db), "development only: trust the EK roots of an unsigned DB")
      ("out", po::value(&a.out)->required(), "enrollment file to create or update")
      ("device", po::value(&a.device), "only this device")
      ("rack", po::value(&a.rack), "only the devices of this rack")
      ("tpm-root", po::value(&a.roots)->multitoken(), "extra trusted EK root CA (PEM), e.g. the lab's")
      ("tpm-intermediate", po::value(&a.intermediates)->multitoken(), "EK intermediate CA (PEM, untrusted)");
  auto parsed = parse_options(args, "attest enroll --inventory F --secrets F --db DIR --db-pubkey PUB --out F [--device N|--rack R]", desc);
  if (parsed.done) return *parsed.done;

  // The EK roots decide which TPMs are believed: from the verified DB bytes only.
  auto db = read_trusted_db(a.db, a.db_pubkeys, a.allow_unsigned_db);
  if (!db) return report_error(db.error());
  auto inv = load_inventory(a.inventory, true);
  if (!inv) return report_error(inv.error());
  auto secrets = load_secrets(a.secrets);
  if (!secrets) return report_error(secrets.error());
  auto devices = chosen(*inv, a);
  if (!devices) return report_error(devices.error());
  auto enrollments = existing(a.out, inv->site);
  if (!enrollments) return report_error(enrollments.error());

  EnrollOptions options;
  options.trust.root_pems = trusted_ek_roots(db->files, a.db);
  options.trust.root_pem_files = a.roots;
  options.trust.intermediate_pem_files = a.intermediates;
  bool all = true;
  for (auto& o : enroll_devices(*devices, *secrets, options)) {
    if (o.record) {
      std::cout << o.device.name << "  enrolled  EK " << o.record->ek_certificate_sha256.substr(0, 16) << "...  AK "
                << to_hex(o.record->ak_name).substr(0, 20) << "...\n";
      tpm::record_enrollment(*enrollments, o.device.name, std::move(*o.record));
    } else {
      all = false;
      std::cout << o.device.name << "  NOT ENROLLED  " << o.error << "\n";
    }
  }
  if (auto st = write_file_atomic(a.out, tpm::enrollments_to_json(*enrollments)); !st) return report_error(st.error());
  return all ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
