#include "attest/lab/spec.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include "attest/config/json_reader.hpp"
#include "attest/lab/personality.hpp"
#include "attest/lab/spec_parts.hpp"
#include "attest/util/files.hpp"

namespace attest::lab {
namespace spec_detail {

std::string resolve(const std::string& spec_path, const std::string& p) {
  const std::filesystem::path path(p);
  if (path.is_absolute()) return p;
  return (std::filesystem::path(spec_path).parent_path() / path).lexically_normal().string();
}

void read_facts(JsonReader& r, DeviceSpec& d) {
  std::map<std::string, std::string> all;
  r.string_map("facts", all);
  if (!r.ok()) return;
  for (const char* key : {"model", "serial", "version"}) {
    if (all[key].empty()) return r.fail("facts", std::string("missing required fact \"") + key + "\"");
  }
  Facts& f = d.facts;
  for (auto& [key, value] : all) {
    std::string* known = key == "vendor" ? &f.vendor : key == "model" ? &f.model : key == "serial" ? &f.serial
                       : key == "version" ? &f.version : key == "hostname" ? &f.hostname : nullptr;
    *(known ? known : &f.extra[key]) = value;
  }
  const Traits* traits = find_traits(d.profile);
  if (f.vendor.empty() && traits != nullptr) f.vendor = std::string(traits->vendor);
  if (f.hostname.empty()) f.hostname = d.name;
}

void read_endpoint(JsonReader& r, DeviceSpec& d) {
  std::string listen;
  r.string("listen", listen);
  if (!r.ok()) return;
  auto ep = parse_listen(listen);
  if (!ep) return r.fail("listen", ep.error().message);
  d.address = ep->address;
  d.port = ep->port;
}

}  // namespace spec_detail
namespace {

using spec_detail::read_endpoint;
using spec_detail::read_facts;
using spec_detail::resolve;

void read_account(JsonReader& r, const std::string& spec_path, DeviceSpec& d) {
  Account a;
  r.string("username", a.username);
  const int methods = int(r.has("password")) + int(r.has("auth")) + int(r.has("authorized_key"));
  if (r.ok() && methods != 1) {
    return r.fail("", "needs exactly one of \"password\", \"auth\": \"none\", \"authorized_key\"");
  }
  if (r.has("password")) {
    a.kind = AuthKind::password;
    r.string("password", a.password, true, true);
  } else if (r.has("auth")) {
    std::string method;
    r.string("auth", method);
    if (r.ok() && method != "none") return r.fail("auth", "must be \"none\"");
    a.kind = AuthKind::none;
  } else {
    std::string key;
    r.string("authorized_key", key);
    a.kind = AuthKind::public_key;
    a.authorized_key = resolve(spec_path, key);
  }
  if (r.ok()) d.accounts.push_back(std::move(a));
}

void read_fault(JsonReader& r, Fault& out) {
  if (!r.has("fault") || r.is_null("fault")) return;
  std::string name;
  r.string("fault", name);
  if (!r.ok()) return;
  for (Fault f : {Fault::refuse, Fault::hang, Fault::drop_mid_command, Fault::garbage, Fault::flood, Fault::silent}) {
    if (name == to_string(f)) {
      out = f;
      return;
    }
  }
  r.fail("fault", "unknown fault \"" + name + "\" (refuse, hang, drop-mid-command, garbage, flood, silent)");
}

void read_tpm_fault(JsonReader& t, TpmFault& out) {
  if (!t.has("fault") || t.is_null("fault")) return;
  std::string name;
  t.string("fault", name);
  if (!t.ok()) return;
  if (name == "replayed-quote") out = TpmFault::replayed_quote;
  else if (name == "eventlog-mismatch") out = TpmFault::eventlog_mismatch;
  else if (name == "swapped-after-enrollment") out = TpmFault::swapped_after_enrollment;
  else t.fail("fault", "unknown TPM fault (replayed-quote, eventlog-mismatch, swapped-after-enrollment)");
}

// Which EK certificates the swtpm is manufactured with: swtpm_setup's RSA and
// P-384 pair ("swtpm", the default) or an ECC-only TPM ("ecc-only").
void read_ek_certificates(JsonReader& t, bool& ecc_only) {
  std::string name = "swtpm";
  t.string("ek_certificates", name, false);
  if (!t.ok()) return;
  if (name != "swtpm" && name != "ecc-only") return t.fail("ek_certificates", "must be \"swtpm\" or \"ecc-only\"");
  ecc_only = name == "ecc-only";
}

// The served path is matched against the exact command a client sends, so it
// is any absolute path; the client decides what it dares to ask for.
void read_tpm(JsonReader& r, DeviceSpec& d) {
  r.object("tpm", {"ak_alg", "crtm_version", "firmware_images", "boot_applications", "secure_boot",
                   "event_log_path", "fault", "ek_certificates"},
           false, [&](JsonReader& t) {
             TpmSpec spec;
             t.string("ak_alg", spec.ak_alg, false);
             if (t.ok() && spec.ak_alg != "ecc" && spec.ak_alg != "rsa") {
               return t.fail("ak_alg", "must be \"ecc\" or \"rsa\"");
             }
             t.string("crtm_version", spec.crtm_version);
             t.strings("firmware_images", spec.firmware_images, false);
             t.strings("boot_applications", spec.boot_applications, false);
             t.boolean("secure_boot", spec.secure_boot);
             spec.event_log_path = kEventLogPath;
             t.string("event_log_path", spec.event_log_path, false);
             if (t.ok() && spec.event_log_path.front() != '/') {
               return t.fail("event_log_path", "must be an absolute path");
             }
             read_tpm_fault(t, spec.fault);
             read_ek_certificates(t, spec.ecc_ek_only);
             if (t.ok()) d.tpm = std::move(spec);
           });
}

void read_mode(JsonReader& r, const Traits& traits, DeviceSpec& d) {
  std::string mode = traits.mode == Mode::exec ? "exec" : "shell";
  r.string("mode", mode, false);
  if (r.ok() && mode != "exec" && mode != "shell") return r.fail("mode", "must be \"exec\" or \"shell\"");
  d.mode = mode == "exec" ? Mode::exec : Mode::shell;
}

// "snmp": {"communities": ["private"], "versions": ["v2c"], "port": 161, "sys_descr": "..."}
void read_snmp(JsonReader& r, DeviceSpec& d) {
  r.object("snmp", {"communities", "versions", "port", "sys_descr"}, false, [&](JsonReader& s) {
    SnmpSpec spec;
    s.strings("communities", spec.communities);
    for (std::size_t i = 0; i < spec.communities.size() && s.ok(); ++i) {
      const std::string& c = spec.communities[i];
      const bool printable = !c.empty() && std::all_of(c.begin(), c.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
      if (!printable) s.fail_at(pointer_append(s.at("communities"), i), "must be printable ASCII without spaces");
    }
    std::vector<std::string> versions = {"v1", "v2c"};
    s.strings("versions", versions, false);
    spec.v1 = std::find(versions.begin(), versions.end(), "v1") != versions.end();
    spec.v2c = std::find(versions.begin(), versions.end(), "v2c") != versions.end();
    for (const auto& v : versions)
      if (v != "v1" && v != "v2c") s.fail("versions", "each must be \"v1\" or \"v2c\"");
    int port = spec.port;
    s.integer("port", port, 0, 65535, false);
    spec.port = static_cast<std::uint16_t>(port);
    s.string("sys_descr", spec.sys_descr, false);
    if (s.ok()) d.snmp = std::move(spec);
  });
}

// "sudi": {"root_out": "sudi-root.pem", "fault": "tampered-os-hash"} (cisco-iosxe only).
void read_sudi(JsonReader& r, const std::string& spec_path, DeviceSpec& d) {
  r.object("sudi", {"root_out", "fault"}, false, [&](JsonReader& s) {
    if (d.profile != "cisco-iosxe") return s.fail("", "only for a cisco-iosxe device");
    SudiSpec sudi;
    std::string root = "keys/" + d.name + "-sudi-root.pem", fault;
    s.string("root_out", root, false);
    s.string("fault", fault, false);
    if (s.ok() && !fault.empty() && fault != "tampered-os-hash") return s.fail("fault", "unknown SUDI fault (tampered-os-hash)");
    sudi.root_out = resolve(spec_path, root);
    sudi.tampered_os = fault == "tampered-os-hash";
    d.sudi = sudi;
  });
}

void read_device(JsonReader& r, const std::string& spec_path, DeviceSpec& d) {
  d.json_pointer = r.pointer();
  r.string("name", d.name);
  std::string transport = "ssh";
  r.string("transport", transport, false);
  if (r.ok() && transport == "redfish") return spec_detail::read_redfish_device(r, spec_path, d);
  if (r.ok() && transport != "ssh") return r.fail("transport", "must be \"ssh\" or \"redfish\"");
  if (r.has("redfish")) return r.fail("redfish", "only for a device with \"transport\": \"redfish\"");
  r.string("profile", d.profile);
  if (!r.ok()) return;
  const Traits* traits = find_traits(d.profile);
  if (traits == nullptr) return r.fail("profile", "unknown profile \"" + d.profile + "\"");
  read_endpoint(r, d);
  std::string key = "keys/" + d.name + ".key";
  r.string("host_key", key, false);
  d.host_key = resolve(spec_path, key);
  read_mode(r, *traits, d);
  r.boolean("paging", d.paging);
  r.integer("latency_ms", d.latency_ms, 0, 600000, false);
  r.integer("max_auth_per_connection", d.max_auth_per_connection, 1, 1000, false);
  r.object("lockout", {"threshold", "window_s"}, false, [&](JsonReader& l) {
    l.integer("threshold", d.lockout.threshold, 1, 1000);
    l.integer("window_s", d.lockout.window_s, 1, 86400);
  });
  read_fault(r, d.fault);
  read_tpm(r, d);
  read_snmp(r, d);
  read_sudi(r, spec_path, d);
  read_facts(r, d);
  r.objects("accounts", {"username", "password", "auth", "authorized_key"}, true, false,
            [&](JsonReader& a, std::size_t) { read_account(a, spec_path, d); });
}

// Names and listen addresses are unique (port 0 may repeat: the kernel picks).
void check_unique(JsonReader& r, const DeviceSpec& d, std::set<std::string>& names, std::set<std::string>& endpoints) {
  if (!names.insert(d.name).second) return r.fail("name", "duplicate device name \"" + d.name + "\"");
  const auto ep = d.address + ":" + std::to_string(d.port);
  if (d.port != 0 && !endpoints.insert(ep).second) r.fail("listen", "duplicate listen address " + ep);
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
  std::set<std::string> names, endpoints;
  return read_document(text, path, {"schema", "devices"}, LabSpec{path, {}}, [&](JsonReader& root, LabSpec& spec) {
    root.constant("schema", kSpecSchema);
    root.objects("devices",
                 {"name", "profile", "listen", "host_key", "facts", "accounts", "mode", "paging", "latency_ms",
                  "max_auth_per_connection", "lockout", "fault", "tpm", "transport", "redfish", "snmp",
                  "sudi"},
                 true, true, [&](JsonReader& r, std::size_t) {
                   DeviceSpec d;
                   read_device(r, path, d);
                   if (r.ok()) check_unique(r, d, names, endpoints);
                   if (r.ok()) spec.devices.push_back(std::move(d));
                 });
  });
}

Result<LabSpec> load_spec(const std::string& path) {
  auto text = read_file(path, 16u << 20);
  if (!text) return text.error();
  return parse_spec(*text, path);
}

}  // namespace attest::lab
