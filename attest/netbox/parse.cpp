#include "attest/netbox/parse.hpp"

#include <arpa/inet.h>

#include <cmath>

#include "attest/config/json_reader.hpp"
#include "attest/util/names.hpp"

namespace attest::netbox {
namespace {

Error shape_error(const std::string& source, const std::string& pointer, const std::string& what) {
  const std::string where = pointer.empty() ? "" : pointer + ": ";
  return make_error(ErrorKind::input, source + ": " + where + what + " (not a NetBox list response)");
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

bool is_null_or_absent(const Json* value) { return value == nullptr || value->is_null(); }

// Reads the fields of one device; the first missing or malformed one ends it.
class DeviceFields {
 public:
  DeviceFields(const Json& item, const Origin& origin) : item_(item), origin_(origin) {}

  const std::optional<std::string>& problem() const { return problem_; }

  // A string member of `object` (at `pointer`), non-empty; else a problem.
  std::string text(const Json& object, const std::string& pointer, std::string_view key, const char* what) {
    const Json* value = member(object, key);
    if (problem_) return {};
    if (value == nullptr || !value->is_string() || value->get<std::string>().empty()) {
      fail(pointer_append(pointer, key), what);
      return {};
    }
    return value->get<std::string>();
  }

  // A nested object member (e.g. "platform"): nullptr when null or absent.
  const Json* nested(std::string_view key, bool required, const char* what) {
    const Json* value = member(item_, key);
    if (problem_) return nullptr;
    if (is_null_or_absent(value)) {
      if (required) fail(at(key), what);
      return nullptr;
    }
    if (!value->is_object()) {
      fail(at(key), "must be an object");
      return nullptr;
    }
    return value;
  }

  // The slug of nested object `key`; "" when optional and absent.
  std::string slug(std::string_view key, bool required, const char* what) {
    const Json* object = nested(key, required, what);
    return object == nullptr ? "" : text(*object, at(key), "slug", "has no slug");
  }

  std::optional<double> number(const Json& object, const std::string& pointer, std::string_view key) {
    const Json* value = member(object, key);
    if (problem_ || is_null_or_absent(value)) return std::nullopt;
    if (!value->is_number()) {
      fail(pointer_append(pointer, key), "must be a number or null");
      return std::nullopt;
    }
    return value->get<double>();
  }

  std::string at(std::string_view key) const { return pointer_append(origin_.pointer, key); }
  const std::string& origin_pointer() const { return origin_.pointer; }

  void fail(const std::string& pointer, const std::string& what) {
    if (!problem_) problem_ = origin_.source + ": " + printable_name(pointer) + ": " + what;
  }

 private:
  const Json& item_;
  const Origin& origin_;
  std::optional<std::string> problem_;
};

// What to call a device in messages before its name is known to be usable.
std::string display_name(const Json& item) {
  const Json* name = member(item, "name");
  if (name != nullptr && name->is_string() && !name->get<std::string>().empty()) {
    return printable_name(name->get<std::string>());
  }
  const Json* id = member(item, "id");
  return id != nullptr && id->is_number_integer() ? "device id " + std::to_string(id->get<long>()) : "unnamed device";
}

// NetBox 4 calls the role `role`; 3.x called it `device_role` (4.0 kept both for a while).
std::string role_slug(DeviceFields& f, const Json& item) {
  const char* key = is_null_or_absent(member(item, "role")) && member(item, "device_role") != nullptr
                        ? "device_role" : "role";
  return f.slug(key, true, "has no role");
}

void read_device_type(DeviceFields& f, NetboxDevice& d) {
  const Json* type = f.nested("device_type", true, "has no device type");
  if (type == nullptr) return;
  const std::string pointer = f.at("device_type");
  d.model = f.text(*type, pointer, "model", "has no model");
  const Json* id = member(*type, "id");
  if (id != nullptr && id->is_number_integer()) d.device_type_id = id->get<long>();
  const Json* maker = member(*type, "manufacturer");
  if (maker == nullptr || !maker->is_object()) return f.fail(pointer_append(pointer, "manufacturer"), "has no manufacturer");
  d.manufacturer = f.text(*maker, pointer_append(pointer, "manufacturer"), "slug", "has no slug");
  d.type_u_height = f.number(*type, pointer, "u_height");
}

void read_address(DeviceFields& f, NetboxDevice& d) {
  const Json* ip = f.nested("primary_ip4", true, "no primary IPv4 address");
  if (ip == nullptr) return;
  const std::string cidr = f.text(*ip, f.at("primary_ip4"), "address", "has no address");
  if (f.problem()) return;
  const auto address = strip_prefix_length(cidr);
  if (!address) return f.fail(pointer_append(f.at("primary_ip4"), "address"), "is not an IPv4 address");
  d.address = *address;
}

void read_placement(DeviceFields& f, const Json& item, NetboxDevice& d) {
  const Json* rack = f.nested("rack", true, "is not in a rack");
  if (rack == nullptr) return;
  d.rack = f.text(*rack, f.at("rack"), "name", "has no name");
  d.position = f.number(item, f.origin_pointer(), "position");
  // A ChoiceField: {"value": "front", "label": "Front"}, or null when unset.
  const Json* face = member(item, "face");
  if (face != nullptr && face->is_object()) face = member(*face, "value");
  if (face != nullptr && face->is_string()) d.face = face->get<std::string>();
}

}  // namespace

Result<Page> page_from_json(const Json& doc, const std::string& source, const std::string& base) {
  if (!doc.is_object()) return shape_error(source, base, "the response is not a JSON object");
  const Json* results = member(doc, "results");
  if (results == nullptr || !results->is_array()) return shape_error(source, base + "/results", "must be an array");
  Page page{source, base, std::nullopt, *results};
  const Json* next = member(doc, "next");
  if (next != nullptr && next->is_string()) {
    page.next = next->get<std::string>();
  } else if (!is_null_or_absent(next)) {
    return shape_error(source, base + "/next", "must be a URL or null");
  }
  return page;
}

Result<Page> parse_page(std::string_view body, const std::string& source) {
  auto doc = parse_json_text(body, source);
  if (!doc) return make_error(ErrorKind::input, doc.error().message + " (malformed JSON)");
  return page_from_json(*doc, source);
}

std::optional<std::string> strip_prefix_length(std::string_view cidr) {
  const std::string address(cidr.substr(0, cidr.find('/')));
  in_addr parsed{};
  if (inet_pton(AF_INET, address.c_str(), &parsed) != 1) return std::nullopt;
  return address;
}

std::variant<NetboxDevice, Skipped> parse_device(const Json& item, const Origin& origin) {
  NetboxDevice d;
  d.origin = origin;
  DeviceFields f(item, origin);
  if (!item.is_object()) return Skipped{display_name(item), origin.source + ": " + origin.pointer + ": not an object"};
  d.name = f.text(item, origin.pointer, "name", "has no name");
  if (!f.problem()) {
    if (auto unsafe = unsafe_name_reason(d.name)) f.fail(f.at("name"), "the name " + *unsafe);
  }
  d.role = role_slug(f, item);
  d.platform = f.slug("platform", false, "");
  read_device_type(f, d);
  d.serial = f.text(item, origin.pointer, "serial", "has no serial number");
  read_address(f, d);
  read_placement(f, item, d);
  const Json* custom = member(item, "custom_fields");
  if (custom != nullptr && custom->is_object()) d.custom_fields = *custom;
  if (f.problem()) return Skipped{display_name(item), *f.problem()};
  return d;
}

std::vector<NetboxDevice> parse_devices(const std::vector<Page>& pages, std::vector<Skipped>& skipped) {
  std::vector<NetboxDevice> devices;
  for (const auto& page : pages) {
    for (std::size_t i = 0; i < page.results.size(); ++i) {
      auto parsed = parse_device(page.results[i], Origin{page.source, pointer_append(page.base + "/results", i)});
      if (auto* d = std::get_if<NetboxDevice>(&parsed)) {
        devices.push_back(std::move(*d));
      } else {
        skipped.push_back(std::get<Skipped>(std::move(parsed)));
      }
    }
  }
  return devices;
}

Result<std::vector<NetboxRack>> parse_racks(const std::vector<Page>& pages) {
  std::vector<NetboxRack> racks;
  for (const auto& page : pages) {
    for (std::size_t i = 0; i < page.results.size(); ++i) {
      const Json& item = page.results[i];
      const std::string pointer = pointer_append(page.base + "/results", i);
      const Json* name = member(item, "name");
      const Json* height = member(item, "u_height");
      if (name == nullptr || !name->is_string() || name->get<std::string>().empty()) {
        return shape_error(page.source, pointer_append(pointer, "name"), "a rack needs a name");
      }
      if (height == nullptr || !height->is_number() || height->get<double>() < 1 ||
          height->get<double>() != std::floor(height->get<double>())) {
        return shape_error(page.source, pointer_append(pointer, "u_height"), "a rack needs a whole-number u_height");
      }
      racks.push_back({Origin{page.source, pointer}, name->get<std::string>(), static_cast<int>(height->get<double>())});
    }
  }
  return racks;
}

Result<std::map<long, double>> parse_device_types(const std::vector<Page>& pages) {
  std::map<long, double> heights;
  for (const auto& page : pages) {
    for (std::size_t i = 0; i < page.results.size(); ++i) {
      const Json& item = page.results[i];
      const Json* id = member(item, "id");
      const Json* height = member(item, "u_height");
      if (id == nullptr || !id->is_number_integer() || height == nullptr || !height->is_number()) {
        return shape_error(page.source, pointer_append(page.base + "/results", i), "a device type needs an id and a u_height");
      }
      heights[id->get<long>()] = height->get<double>();
    }
  }
  return heights;
}

}  // namespace attest::netbox
