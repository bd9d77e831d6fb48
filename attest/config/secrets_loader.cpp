#include "attest/config/secrets_loader.hpp"

#include <openssl/crypto.h>

#include <filesystem>
#include <set>

#include "attest/config/json_reader.hpp"
#include "attest/util/files.hpp"

namespace fs = std::filesystem;

namespace attest {
namespace {

constexpr std::size_t kMaxSecretsBytes = 1u << 20;

constexpr std::size_t kMaxKeyFileBytes = 1u << 20;

std::string resolve_key_path(const std::string& secrets_path, const std::string& key) {
  const fs::path key_path(key);
  if (key_path.is_absolute()) return key_path.lexically_normal().string();
  std::error_code ec;
  fs::path base = fs::absolute(fs::path(secrets_path), ec).parent_path();
  return (base / key_path).lexically_normal().string();
}

void read_credential(JsonReader& r, const std::string& id, const std::string& path, Secrets& out) {
  LoginCredential c;
  c.id = id;
  r.name("username", c.username);
  r.optional_string("password", c.password, true);
  r.optional_string("private_key", c.private_key);
  r.optional_string("passphrase", c.passphrase, true);
  if (!r.ok()) return;
  if (c.password.has_value() == c.private_key.has_value()) {
    return r.fail("", "needs exactly one of \"password\" or \"private_key\"");
  }
  if (c.passphrase && !c.private_key) return r.fail("passphrase", "is only allowed with \"private_key\"");
  if (c.private_key) c.private_key = resolve_key_path(path, *c.private_key);
  out.credentials.emplace(id, std::move(c));
}

void read_retired(JsonReader& r, std::map<std::string, std::string>& ids, Secrets& out) {
  RetiredCredential c;
  r.name("id", c.id);
  r.name("username", c.username);
  // "" is a real retired password: a blank one that once worked.
  r.string("password", c.password, true, true);
  r.string("reason", c.reason, false, true);
  if (!r.ok()) return;
  const auto [it, inserted] = ids.emplace(c.id, r.at("id"));
  if (!inserted) return r.fail("id", "duplicate retired credential id (first at " + it->second + ")");
  out.retired.push_back(std::move(c));
}

// The key file is read by libssh2 later; refuse it now so that a run does
// not start with a credential that cannot work or is exposed.
Status check_key_files(const Secrets& secrets) {
  for (const auto& [id, c] : secrets.credentials) {
    if (!c.private_key) continue;
    const std::string where = secrets.path + ": " + pointer_append(pointer_append("/credentials", id), "private_key");
    std::error_code ec;
    if (!fs::exists(*c.private_key, ec)) {
      return make_error(ErrorKind::input, where + ": key file " + *c.private_key + " does not exist");
    }
    // Anyone who can read or replace a key file can log in to the fleet.
    auto key = read_private_file(*c.private_key, kMaxKeyFileBytes, "private key files");
    if (!key) return make_error(ErrorKind::input, where + ": " + key.error().message);
    OPENSSL_cleanse(key->data(), key->size());
  }
  return ok_status();
}

}  // namespace

Result<Secrets> parse_secrets(std::string_view json, const std::string& path) {
  Secrets secrets;
  secrets.path = path;
  return read_document(json, path, {"schema", "credentials", "retired"}, std::move(secrets),
                       [&](JsonReader& root, Secrets& out) {
                         root.constant("schema", kSecretsSchema);
                         if (!root.ok()) return;
                         root.map("credentials", {"username", "password", "private_key", "passphrase"}, true,
                                  [&](const std::string& id, JsonReader& c) { read_credential(c, id, path, out); });
                         std::map<std::string, std::string> retired_ids;
                         root.objects("retired", {"id", "username", "password", "reason"}, false, false,
                                      [&](JsonReader& c, std::size_t) { read_retired(c, retired_ids, out); });
                       },
                       ErrorLimit::all);
}

Result<Secrets> load_secrets(const std::string& path) {
  // Mode and owner are checked on the opened file: an exposed file is
  // refused even if it is valid.
  auto text = read_private_file(path, kMaxSecretsBytes, "secrets files");
  if (!text) return text.error();
  auto secrets = parse_secrets(*text, path);
  if (!secrets) return secrets.error();
  auto keys = check_key_files(*secrets);
  if (!keys) return keys.error();
  return secrets;
}

Status check_credentials_exist(const Inventory& inventory, const Secrets& secrets) {
  for (const auto& d : inventory.devices) {
    if (secrets.credentials.count(d.credential) != 0) continue;
    return make_error(ErrorKind::input, inventory.path + ": " + pointer_append(d.json_pointer, "credential") +
                                            ": credential '" + d.credential + "' is not in " + secrets.path);
  }
  return ok_status();
}

}  // namespace attest
