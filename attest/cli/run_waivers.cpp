#include "attest/cli/run_waivers.hpp"

#include <filesystem>

#include "attest/cli/report_signature.hpp"
#include "attest/config/waivers_loader.hpp"
#include "attest/engine/waivers.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {

Result<RunWaivers> load_run_waivers(const std::string& path, const std::string& pubkey, const Inventory& inventory,
                                    std::int64_t now) {
  const std::string sig = path + ".sig";
  std::error_code ec;
  const bool has_signature = std::filesystem::exists(sig, ec);
  // The file is read once, with the signature check when there is one: the
  // bytes judged are the bytes verified.
  std::string text;
  std::string sha256;
  std::string key_id;
  if (has_signature) {
    auto check = check_report_signature(path, sig, pubkey);
    if (!check) return check.error();
    if (!check->valid) return make_error(ErrorKind::input, path + ": " + check->reason + " (waivers file)");
    text = std::move(check->text);
    sha256 = check->sha256;
    key_id = check->key_id;
  } else {
    auto raw = read_file(path, kMaxWaiversBytes);
    if (!raw) return raw.error();
    text = std::move(raw).value();
    sha256 = sha256_hex(text);
  }
  auto file = parse_waivers(text, path, inventory);
  if (!file) return file.error();

  RunWaivers out;
  out.record.file = path;
  out.record.sha256 = sha256;
  out.record.key_id = key_id;
  out.record.waivers = file->waivers;
  if (!has_signature) {
    for (const auto& w : file->waivers) out.record.not_applied.emplace(w.id, "the waivers file is not signed");
    out.warnings.push_back(path + ": not signed (no " + sig + "): no waiver applied; sign it with `attest waivers sign`");
    return out;
  }
  WaiversInForce in_force = waivers_in_force(*file, now);
  for (auto& i : in_force.inactive) {
    out.warnings.push_back(path + ": waiver " + i.waiver.id + " " + i.reason + ": not applied");
    out.record.not_applied.emplace(i.waiver.id, std::move(i.reason));
  }
  out.active = std::move(in_force.active);
  return out;
}

}  // namespace attest::cli
