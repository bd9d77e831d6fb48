#include "attest/lab/spec.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "attest/lab/personality.hpp"
#include "attest/util/files.hpp"

namespace attest::lab {
namespace {

using nlohmann::json;

// Builds "<file>: <pointer>: <why>" errors: one line an engineer can act on.
struct Where {
  const std::string& file;
  std::string pointer;

  Where at(std::string_view key) const { return {file, pointer + "/" + std::string(key)}; }
  Where at(std::size_t index) const { return {file, pointer + "/" + std::to_string(index)}; }
  Error error(const std::string& why) const {
    return make_error(ErrorKind::input, file + ": " + (pointer.empty() ? "/" : pointer) + ": " + why);
  }
};

Status only_known_keys(const json& obj, const Where& w, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : obj.items()) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (!found) return w.at(key).error("unknown field \"" + key + "\"");
  }
  return ok_status();
}

Result<const json*> member(const json& obj, const Where& w, const char* key, bool required) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return w.error(std::string("missing required field \"") + key + "\"");
    return static_cast<const json*>(nullptr);
  }
  return &*it;
}

Result<std::string> string_field(const json& obj, const Where& w, const char* key, bool required,
                                 std::string fallback = {}) {
  auto m = member(obj, w, key, required);
  if (!m) return m.error();
  if (*m == nullptr) return fallback;
  if (!(*m)->is_string()) return w.at(key).error("must be a string");
  return (*m)->get<std::string>();
}

Result<int> int_field(const json& obj, const Where& w, const char* key, int fallback, int lo, int hi) {
  auto m = member(obj, w, key, false);
  if (!m) return m.error();
  if (*m == nullptr) return fallback;
  if (!(*m)->is_number_integer()) return w.at(key).error("must be an integer");
  const auto v = (*m)->get<long long>();
  if (v < lo || v > hi) {
    return w.at(key).error("must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return static_cast<int>(v);
}

std::string resolve(const std::string& spec_path, const std::string& p) {
  const std::filesystem::path path(p);
  if (path.is_absolute()) return p;
  return (std::filesystem::path(spec_path).parent_path() / path).lexically_normal().string();
}

Result<Facts> parse_facts(const json& obj, const Where& w, const DeviceSpec& d) {
  if (!obj.is_object()) return w.error("must be an object of strings");
  Facts f;
  for (const auto& [key, value] : obj.items()) {
    if (!value.is_string()) return w.at(key).error("must be a string");
    const auto s = value.get<std::string>();
    if (key == "vendor") f.vendor = s;
    else if (key == "model") f.model = s;
    else if (key == "serial") f.serial = s;
    else if (key == "version") f.version = s;
    else if (key == "hostname") f.hostname = s;
    else f.extra[key] = s;
  }
  for (const char* key : {"model", "serial", "version"}) {
    if (!obj.contains(key) || obj[key].get<std::string>().empty()) {
      return w.error(std::string("missing required fact \"") + key + "\"");
    }
  }
  const Traits* traits = find_traits(d.profile);
  if (f.vendor.empty() && traits != nullptr) f.vendor = std::string(traits->vendor);
  if (f.hostname.empty()) f.hostname = d.name;
  return f;
}

Result<Account> parse_account(const json& obj, const Where& w, const std::string& spec_path) {
  if (!obj.is_object()) return w.error("must be an object");
  if (auto s = only_known_keys(obj, w, {"username", "password", "auth", "authorized_key"}); !s) return s.error();
  Account a;
  auto user = string_field(obj, w, "username", true);
  if (!user) return user.error();
  if (user->empty()) return w.at("username").error("must not be empty");
  a.username = *user;
  const int methods = int(obj.contains("password")) + int(obj.contains("auth")) + int(obj.contains("authorized_key"));
  if (methods != 1) return w.error("needs exactly one of \"password\", \"auth\": \"none\", \"authorized_key\"");
  if (obj.contains("password")) {
    auto p = string_field(obj, w, "password", true);
    if (!p) return p.error();
    a.kind = AuthKind::password;
    a.password = *p;
  } else if (obj.contains("auth")) {
    auto m = string_field(obj, w, "auth", true);
    if (!m) return m.error();
    if (*m != "none") return w.at("auth").error("must be \"none\"");
    a.kind = AuthKind::none;
  } else {
    auto k = string_field(obj, w, "authorized_key", true);
    if (!k) return k.error();
    if (k->empty()) return w.at("authorized_key").error("must name a .pub file");
    a.kind = AuthKind::public_key;
    a.authorized_key = resolve(spec_path, *k);
  }
  return a;
}

Result<Fault> parse_fault(const json& obj, const Where& w) {
  const auto it = obj.find("fault");
  if (it == obj.end() || it->is_null()) return Fault::none;
  if (!it->is_string()) return w.at("fault").error("must be null or a string");
  const auto s = it->get<std::string>();
  for (Fault f : {Fault::refuse, Fault::hang, Fault::drop_mid_command, Fault::garbage, Fault::flood, Fault::silent}) {
    if (s == to_string(f)) return f;
  }
  return w.at("fault").error("unknown fault \"" + s +
                             "\" (refuse, hang, drop-mid-command, garbage, flood, silent)");
}

Result<std::vector<std::string>> string_list(const json& obj, const Where& w, const char* key) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (!it->is_array()) return w.at(key).error("must be an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) return w.at(key).at(i).error("must be a string");
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<TpmFault> parse_tpm_fault(const json& obj, const Where& w) {
  const auto it = obj.find("fault");
  if (it == obj.end() || it->is_null()) return TpmFault::none;
  const std::string s = it->is_string() ? it->get<std::string>() : "";
  if (s == "replayed-quote") return TpmFault::replayed_quote;
  if (s == "eventlog-mismatch") return TpmFault::eventlog_mismatch;
  if (s == "swapped-after-enrollment") return TpmFault::swapped_after_enrollment;
  return w.at("fault").error("unknown TPM fault (replayed-quote, eventlog-mismatch, swapped-after-enrollment)");
}

// "tpm": {"ak_alg", "crtm_version", "firmware_images", "boot_applications", "secure_boot", "fault"}
Result<TpmSpec> parse_tpm(const json& obj, const Where& w) {
  if (!obj.is_object()) return w.error("must be an object");
  if (auto s = only_known_keys(obj, w, {"ak_alg", "crtm_version", "firmware_images", "boot_applications",
                                        "secure_boot", "fault"});
      !s) {
    return s.error();
  }
  TpmSpec t;
  auto alg = string_field(obj, w, "ak_alg", false, "ecc");
  if (!alg) return alg.error();
  if (*alg != "ecc" && *alg != "rsa") return w.at("ak_alg").error("must be \"ecc\" or \"rsa\"");
  t.ak_alg = *alg;
  auto crtm = string_field(obj, w, "crtm_version", true);
  if (!crtm) return crtm.error();
  t.crtm_version = *crtm;
  auto images = string_list(obj, w, "firmware_images");
  if (!images) return images.error();
  t.firmware_images = std::move(*images);
  auto apps = string_list(obj, w, "boot_applications");
  if (!apps) return apps.error();
  t.boot_applications = std::move(*apps);
  if (obj.contains("secure_boot") && !obj["secure_boot"].is_boolean()) {
    return w.at("secure_boot").error("must be true or false");
  }
  t.secure_boot = obj.value("secure_boot", true);
  auto fault = parse_tpm_fault(obj, w);
  if (!fault) return fault.error();
  t.fault = *fault;
  return t;
}

Status parse_device_fields(const json& obj, const Where& w, const std::string& spec_path, DeviceSpec& d) {
  auto profile = string_field(obj, w, "profile", true);
  if (!profile) return profile.error();
  const Traits* traits = find_traits(*profile);
  if (traits == nullptr) return w.at("profile").error("unknown profile \"" + *profile + "\"");
  d.profile = *profile;
  auto listen = string_field(obj, w, "listen", true);
  if (!listen) return listen.error();
  auto ep = parse_listen(*listen);
  if (!ep) return w.at("listen").error(ep.error().message);
  d.address = ep->address;
  d.port = ep->port;
  auto key = string_field(obj, w, "host_key", false, "keys/" + d.name + ".key");
  if (!key) return key.error();
  d.host_key = resolve(spec_path, *key);
  auto mode = string_field(obj, w, "mode", false, traits->mode == Mode::exec ? "exec" : "shell");
  if (!mode) return mode.error();
  if (*mode != "exec" && *mode != "shell") return w.at("mode").error("must be \"exec\" or \"shell\"");
  d.mode = *mode == "exec" ? Mode::exec : Mode::shell;
  if (obj.contains("paging") && !obj["paging"].is_boolean()) return w.at("paging").error("must be true or false");
  d.paging = obj.value("paging", true);
  auto latency = int_field(obj, w, "latency_ms", 0, 0, 600000);
  if (!latency) return latency.error();
  d.latency_ms = *latency;
  auto max_auth = int_field(obj, w, "max_auth_per_connection", 6, 1, 1000);
  if (!max_auth) return max_auth.error();
  d.max_auth_per_connection = *max_auth;
  auto fault = parse_fault(obj, w);
  if (!fault) return fault.error();
  d.fault = *fault;
  if (const auto it = obj.find("tpm"); it != obj.end()) {
    auto tpm = parse_tpm(*it, w.at("tpm"));
    if (!tpm) return tpm.error();
    d.tpm = std::move(*tpm);
  }
  return ok_status();
}

Result<DeviceSpec> parse_device(const json& obj, const Where& w, const std::string& spec_path) {
  if (!obj.is_object()) return w.error("must be an object");
  if (auto s = only_known_keys(obj, w, {"name", "profile", "listen", "host_key", "facts", "accounts", "mode",
                                        "paging", "latency_ms", "max_auth_per_connection", "fault", "tpm"});
      !s) {
    return s.error();
  }
  DeviceSpec d;
  d.json_pointer = w.pointer;
  auto name = string_field(obj, w, "name", true);
  if (!name) return name.error();
  if (name->empty()) return w.at("name").error("must not be empty");
  d.name = *name;
  if (auto s = parse_device_fields(obj, w, spec_path, d); !s) return s.error();
  auto facts = member(obj, w, "facts", true);
  if (!facts) return facts.error();
  auto f = parse_facts(**facts, w.at("facts"), d);
  if (!f) return f.error();
  d.facts = std::move(*f);
  auto accounts = member(obj, w, "accounts", true);
  if (!accounts) return accounts.error();
  if (!(*accounts)->is_array()) return w.at("accounts").error("must be an array");
  for (std::size_t i = 0; i < (*accounts)->size(); ++i) {
    auto a = parse_account((**accounts)[i], w.at("accounts").at(i), spec_path);
    if (!a) return a.error();
    d.accounts.push_back(std::move(*a));
  }
  return d;
}

Result<json> parse_json(std::string_view text, const Where& w) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    return w.error(std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace

const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::none: return "none";
    case Fault::refuse: return "refuse";
    case Fault::hang: return "hang";
    case Fault::drop_mid_command: return "drop-mid-command";
    case Fault::garbage: return "garbage";
    case Fault::flood: return "flood";
    case Fault::silent: return "silent";
  }
  return "none";
}

std::string Facts::get(const std::string& key, const std::string& fallback) const {
  const auto it = extra.find(key);
  return it == extra.end() ? fallback : it->second;
}

Result<Endpoint> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return make_error(ErrorKind::input, "expected \"127.x.y.z:port\"");
  const std::string host(text.substr(0, colon));
  const auto port_text = text.substr(colon + 1);
  in_addr addr{};
  if (::inet_pton(AF_INET, host.c_str(), &addr) != 1) {
    return make_error(ErrorKind::input, "\"" + host + "\" is not an IPv4 address");
  }
  if ((ntohl(addr.s_addr) >> 24) != 127) {
    return make_error(ErrorKind::input, "address " + host + " is outside 127.0.0.0/8; the lab only binds loopback");
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port_text.empty() || port > 65535) {
    return make_error(ErrorKind::input, "port \"" + std::string(port_text) + "\" is not a number in 0..65535");
  }
  return Endpoint{host, static_cast<std::uint16_t>(port)};
}

Result<LabSpec> parse_spec(std::string_view text, const std::string& path) {
  const Where root{path, ""};
  auto doc = parse_json(text, root);
  if (!doc) return doc.error();
  if (!doc->is_object()) return root.error("must be a JSON object");
  if (auto s = only_known_keys(*doc, root, {"schema", "devices"}); !s) return s.error();
  auto schema = string_field(*doc, root, "schema", true);
  if (!schema) return schema.error();
  if (*schema != kSpecSchema) return root.at("schema").error(std::string("must be \"") + kSpecSchema + "\"");
  auto devices = member(*doc, root, "devices", true);
  if (!devices) return devices.error();
  if (!(*devices)->is_array() || (*devices)->empty()) return root.at("devices").error("must be a non-empty array");
  LabSpec spec{path, {}};
  std::set<std::string> names, endpoints;
  for (std::size_t i = 0; i < (*devices)->size(); ++i) {
    const Where w = root.at("devices").at(i);
    auto d = parse_device((**devices)[i], w, path);
    if (!d) return d.error();
    if (!names.insert(d->name).second) return w.at("name").error("duplicate device name \"" + d->name + "\"");
    const auto ep = d->address + ":" + std::to_string(d->port);
    if (d->port != 0 && !endpoints.insert(ep).second) return w.at("listen").error("duplicate listen address " + ep);
    spec.devices.push_back(std::move(*d));
  }
  return spec;
}

Result<LabSpec> load_spec(const std::string& path) {
  auto text = read_file(path, 16u << 20);
  if (!text) return text.error();
  return parse_spec(*text, path);
}

}  // namespace attest::lab
