#include "attest/netbox/source.hpp"

#include <curl/curl.h>

#include <set>

#include "attest/config/json_reader.hpp"
#include "attest/netbox/parse.hpp"
#include "attest/util/files.hpp"

namespace attest::netbox {
namespace {

constexpr std::size_t kMaxExportBytes = 64u << 20;
constexpr std::size_t kTypesPerRequest = 50;  // ids per device-types query, to keep the URL short

std::string escaped(const std::string& text) {
  char* out = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  std::string result = out != nullptr ? out : "";
  curl_free(out);
  return result;
}

// Device type ids whose u_height the nested device_type did not carry
// (NetBox 4 nests only the brief form, without u_height).
std::vector<long> types_lacking_height(const std::vector<NetboxDevice>& devices) {
  std::set<long> ids;
  for (const auto& d : devices) {
    if (!d.type_u_height && d.position && d.device_type_id != 0) ids.insert(d.device_type_id);
  }
  return {ids.begin(), ids.end()};
}

Result<std::map<long, double>> fetch_type_heights(Client& client, const std::vector<long>& ids) {
  std::map<long, double> heights;
  for (std::size_t start = 0; start < ids.size(); start += kTypesPerRequest) {
    std::string query = "/api/dcim/device-types/?limit=1000";
    for (std::size_t i = start; i < ids.size() && i < start + kTypesPerRequest; ++i) query += "&id=" + std::to_string(ids[i]);
    auto pages = client.list(query);
    if (!pages) return pages.error();
    auto parsed = parse_device_types(*pages);
    if (!parsed) return parsed.error();
    heights.merge(*parsed);
  }
  return heights;
}

// One member of an export as pages: a list response or an array of them.
Result<std::vector<Page>> export_pages(const Json& doc, const std::string& path, const std::string& key, bool required) {
  const std::string base = pointer_append("", key);
  const auto it = doc.find(key);
  if (it == doc.end()) {
    if (required) return make_error(ErrorKind::input, path + ": " + base + ": missing (want a NetBox list response)");
    return std::vector<Page>{};
  }
  if (it->is_object()) {
    auto page = page_from_json(*it, path, base);
    if (!page) return page.error();
    return std::vector<Page>{std::move(*page)};
  }
  if (!it->is_array()) return make_error(ErrorKind::input, path + ": " + base + ": must be a list response or an array");
  std::vector<Page> pages;
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto page = page_from_json((*it)[i], path, pointer_append(base, i));
    if (!page) return page.error();
    pages.push_back(std::move(*page));
  }
  return pages;
}

}  // namespace

Result<SiteData> fetch_site(Client& client, const std::string& site, std::vector<Skipped>& skipped) {
  SiteData data;
  data.site = site;
  auto rack_pages = client.list("/api/dcim/racks/?site=" + escaped(site) + "&limit=1000");
  if (!rack_pages) return rack_pages.error();
  auto racks = parse_racks(*rack_pages);
  if (!racks) return racks.error();
  data.racks = std::move(*racks);
  auto device_pages = client.list("/api/dcim/devices/?site=" + escaped(site) + "&limit=1000&exclude=config_context");
  if (!device_pages) return device_pages.error();
  data.devices = parse_devices(*device_pages, skipped);
  auto heights = fetch_type_heights(client, types_lacking_height(data.devices));
  if (!heights) return heights.error();
  data.type_heights = std::move(*heights);
  return data;
}

Result<SiteData> parse_export(std::string_view text, const std::string& path, const std::string& site,
                              std::vector<Skipped>& skipped) {
  auto doc = parse_json_text(text, path);
  if (!doc) return doc.error();
  if (!doc->is_object()) return make_error(ErrorKind::input, path + ": must be an object with \"racks\" and \"devices\"");
  SiteData data;
  data.site = site;
  auto rack_pages = export_pages(*doc, path, "racks", true);
  if (!rack_pages) return rack_pages.error();
  auto racks = parse_racks(*rack_pages);
  if (!racks) return racks.error();
  data.racks = std::move(*racks);
  auto device_pages = export_pages(*doc, path, "devices", true);
  if (!device_pages) return device_pages.error();
  data.devices = parse_devices(*device_pages, skipped);
  auto type_pages = export_pages(*doc, path, "device_types", false);
  if (!type_pages) return type_pages.error();
  auto heights = parse_device_types(*type_pages);
  if (!heights) return heights.error();
  data.type_heights = std::move(*heights);
  return data;
}

Result<SiteData> load_export(const std::string& path, const std::string& site, std::vector<Skipped>& skipped) {
  auto text = read_file(path, kMaxExportBytes);
  if (!text) return text.error();
  return parse_export(*text, path, site, skipped);
}

}  // namespace attest::netbox
