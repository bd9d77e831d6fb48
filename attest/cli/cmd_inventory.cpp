// `attest inventory import netbox`: writes an attest.inventory/v1 file from
// NetBox (its REST API, or a saved export with --from-file) and the MAP
// rules. Devices that cannot be mapped are named on stderr and left out.
// Any failure to read NetBox is bad input (exit 2) and writes nothing.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/netbox/map.hpp"
#include "attest/netbox/source.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace {

constexpr const char* kUsage =
    "attest inventory import netbox (--url URL --token-file F | --from-file EXPORT.json) --site SLUG [--rack R]\n"
    "       --map MAP.json --out inventory.json [--ca-file PEM] [--connect-timeout-ms N] [--timeout-ms N]";

struct ImportArgs {
  std::string action, source, url, token_file, from_file, site, rack, map, out, ca_file;
  int connect_timeout_ms = 10000;
  int timeout_ms = 30000;
};

void add_options(po::options_description& desc, ImportArgs& a) {
  desc.add_options()
      ("action", po::value(&a.action)->required(), "import")
      ("source", po::value(&a.source)->required(), "netbox")
      ("url", po::value(&a.url), "NetBox base URL, e.g. https://netbox.example.com")
      ("token-file", po::value(&a.token_file), "file holding the API token (mode 0600, owned by you)")
      ("from-file", po::value(&a.from_file), "a saved export instead of --url: {\"racks\": ..., \"devices\": ..., \"device_types\": ...}")
      ("site", po::value(&a.site)->required(), "NetBox site slug (also the inventory's site)")
      ("rack", po::value(&a.rack), "only this rack (by name)")
      ("map", po::value(&a.map)->required(), "MAP file (attest.netbox-map/v1): NetBox slugs -> profile, role, credential")
      ("out", po::value(&a.out)->required(), "inventory file to write (atomically)")
      ("ca-file", po::value(&a.ca_file), "PEM CA bundle to verify NetBox's certificate (default: the system's)")
      ("connect-timeout-ms", po::value(&a.connect_timeout_ms)->default_value(10000), "connect deadline per request")
      ("timeout-ms", po::value(&a.timeout_ms)->default_value(30000), "total deadline per request");
}

Status check_args(const ImportArgs& a) {
  if (a.action != "import") return make_error(ErrorKind::usage, "unknown inventory action '" + a.action + "' (try: import)");
  if (a.source != "netbox") return make_error(ErrorKind::usage, "unknown inventory source '" + a.source + "' (try: netbox)");
  if (a.url.empty() == a.from_file.empty()) return make_error(ErrorKind::usage, "give exactly one of --url or --from-file");
  if (!a.url.empty() && a.token_file.empty()) return make_error(ErrorKind::usage, "--url needs --token-file");
  const auto in_range = [](int ms) { return ms >= 1 && ms <= 600000; };
  if (!in_range(a.connect_timeout_ms) || !in_range(a.timeout_ms)) {
    return make_error(ErrorKind::usage, "--connect-timeout-ms and --timeout-ms must be 1..600000");
  }
  return ok_status();
}

Result<netbox::SiteData> read_site(const ImportArgs& a, std::vector<netbox::Skipped>& skipped) {
  if (!a.from_file.empty()) return netbox::load_export(a.from_file, a.site, skipped);
  auto token = netbox::load_token(a.token_file);
  if (!token) return token.error();
  netbox::HttpOptions options;
  options.ca_file = a.ca_file;
  options.connect_timeout = std::chrono::milliseconds(a.connect_timeout_ms);
  options.total_timeout = std::chrono::milliseconds(a.timeout_ms);
  auto client = netbox::Client::open(a.url, std::move(*token), options);
  if (!client) return client.error();
  return netbox::fetch_site(*client, a.site, skipped);
}

// Every failure here is about the input (NetBox, its token, the MAP file):
// exit 2, whatever its kind, since no device was contacted.
ExitCode input_error(const Error& e) { return report_error(make_error(ErrorKind::input, e.message)); }

ExitCode import_netbox(const ImportArgs& a) {
  if (auto ok = check_args(a); !ok) return report_error(ok.error());
  auto map = netbox::load_map(a.map);
  if (!map) return input_error(map.error());
  std::vector<netbox::Skipped> skipped;
  auto site = read_site(a, skipped);
  if (!site) return input_error(site.error());
  if (!a.rack.empty()) site->rack = a.rack;
  auto built = netbox::build_inventory(*site, *map);
  for (const auto& s : skipped) std::cerr << "attest: skipped " << s.name << ": " << s.reason << "\n";
  if (!built) return input_error(built.error());
  for (const auto& s : built->skipped) std::cerr << "attest: skipped " << s.name << ": " << s.reason << "\n";
  if (auto st = write_file_atomic(a.out, built->inventory.dump(2) + "\n"); !st) return report_error(st.error());
  std::cout << "wrote " << built->device_count << " devices in " << built->inventory["racks"].size() << " racks to "
            << a.out << " (" << skipped.size() + built->skipped.size() << " skipped)\n";
  return ExitCode::pass;
}

}  // namespace

ExitCode cmd_inventory(const Args& args) {
  ImportArgs a;
  po::options_description desc("attest inventory import netbox options");
  add_options(desc, a);
  po::positional_options_description pos;
  pos.add("action", 1).add("source", 1);
  auto parsed = parse_options(args, kUsage, desc, &pos);
  if (parsed.done) return *parsed.done;
  return import_netbox(a);
}

}  // namespace attest::cli
