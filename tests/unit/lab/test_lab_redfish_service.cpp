#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "attest/lab/redfish_service.hpp"
#include "attest/lab/spec.hpp"
#include "attest/util/digest.hpp"
#include "redfish_test_device.hpp"

using namespace attest::lab;
using std::chrono::seconds;

namespace {

const RedfishService::TimePoint t0{seconds(1000)};

DeviceSpec bmc(const std::string& mockup, RedfishFault fault = RedfishFault::none) {
  return attest::lab::test::redfish_test_device(mockup, fault);
}

RedfishService service_for(const DeviceSpec& d) {
  auto tree = render_mockup(d);
  REQUIRE(tree.ok());
  int n = 0;
  return RedfishService(d, std::move(*tree), [n]() mutable { return "token" + std::to_string(++n); });
}

HttpRequest get(const std::string& target, const std::string& user = "", const std::string& password = "") {
  HttpRequest r;
  r.method = "GET";
  r.target = target;
  if (!user.empty()) {
    const std::string pair = user + ":" + password;
    r.headers["authorization"] = "Basic " + attest::base64(reinterpret_cast<const std::uint8_t*>(pair.data()), pair.size());
  }
  return r;
}

HttpRequest login(const std::string& user, const std::string& password) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/redfish/v1/SessionService/Sessions";
  r.body = nlohmann::json{{"UserName", user}, {"Password", password}}.dump();
  return r;
}

std::string header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

nlohmann::json body(const HttpResponse& r) { return nlohmann::json::parse(r.body); }

}  // namespace

TEST_CASE("the service root, /redfish, odata and $metadata answer without credentials; nothing else does") {
  auto s = service_for(bmc("idrac"));
  for (const char* path : {"/redfish", "/redfish/v1", "/redfish/v1/", "/redfish/v1/odata", "/redfish/v1/$metadata"}) {
    const auto a = s.handle(get(path), t0);
    CHECK_MESSAGE(a.response.status == 200, path);
    CHECK_FALSE(a.auth.attempt);
  }
  const auto denied = s.handle(get("/redfish/v1/Systems"), t0);
  CHECK(denied.response.status == 401);
  CHECK(header(denied.response, "WWW-Authenticate") == "Basic realm=\"RedfishService\"");
  CHECK_FALSE(denied.auth.attempt);
}

TEST_CASE("Basic credentials read the system: facts in Manufacturer, Model, SerialNumber and BiosVersion") {
  auto s = service_for(bmc("idrac"));
  const auto a = s.handle(get("/redfish/v1/Systems/System.Embedded.1?$select=Model", "root", "calvin"), t0);
  REQUIRE(a.response.status == 200);
  CHECK(a.auth.attempt);
  CHECK(a.auth.accepted);
  const auto doc = body(a.response);
  CHECK(doc["Manufacturer"] == "Dell Inc.");
  CHECK(doc["Model"] == "PowerEdge R660");
  CHECK(doc["SerialNumber"] == "7XQ9K24");
  CHECK(doc["BiosVersion"] == "1.3.2");
  CHECK(s.handle(get("/redfish/v1/Systems/1", "root", "calvin"), t0).response.status == 404);
  CHECK(s.handle(get("/redfish/v1/Systems", "root", "wrong"), t0).response.status == 401);
  CHECK(s.handle(get("/redfish/v1/Systems", "old", "old-pass"), t0).response.status == 401);  // disabled account
}

TEST_CASE("three refused logins within reset_after_s lock the account for duration_s, even with the right password") {
  auto s = service_for(bmc("ilo"));
  CHECK_FALSE(s.handle(get("/redfish/v1/Systems", "root", "a"), t0).auth.locked_now);
  CHECK_FALSE(s.handle(get("/redfish/v1/Systems", "root", "b"), t0 + seconds(10)).auth.locked_now);
  CHECK(s.handle(get("/redfish/v1/Systems", "root", "c"), t0 + seconds(20)).auth.locked_now);
  const auto locked = s.handle(get("/redfish/v1/Systems", "root", "calvin"), t0 + seconds(50));
  CHECK(locked.response.status == 401);
  CHECK(locked.auth.refused_locked);
  CHECK(s.handle(login("root", "calvin"), t0 + seconds(79)).response.status == 401);
  const auto after = s.handle(get("/redfish/v1/Systems", "root", "calvin"), t0 + seconds(81));
  CHECK(after.response.status == 200);
}

TEST_CASE("the refusal count resets after reset_after_s and after a good login") {
  auto s = service_for(bmc("ilo"));
  s.handle(get("/redfish/v1/Systems", "root", "a"), t0);
  s.handle(get("/redfish/v1/Systems", "root", "b"), t0 + seconds(10));
  CHECK_FALSE(s.handle(get("/redfish/v1/Systems", "root", "c"), t0 + seconds(41)).auth.locked_now);  // 31 s after b
  s.handle(get("/redfish/v1/Systems", "root", "d"), t0 + seconds(42));
  CHECK(s.handle(get("/redfish/v1/Systems", "root", "calvin"), t0 + seconds(43)).response.status == 200);
  CHECK_FALSE(s.handle(get("/redfish/v1/Systems", "root", "e"), t0 + seconds(44)).auth.locked_now);
}

TEST_CASE("a session login gives X-Auth-Token and Location; the token reads, DELETE ends the session") {
  auto s = service_for(bmc("openbmc"));
  const auto created = s.handle(login("root", "calvin"), t0);
  REQUIRE(created.response.status == 201);
  CHECK(created.auth.accepted);
  const std::string token = header(created.response, "X-Auth-Token");
  const std::string location = header(created.response, "Location");
  CHECK(token == "token1");
  CHECK(location == "/redfish/v1/SessionService/Sessions/1");
  HttpRequest with_token = get("/redfish/v1/Managers/bmc");
  with_token.headers["x-auth-token"] = token;
  const auto manager = s.handle(with_token, t0);
  REQUIRE(manager.response.status == 200);
  CHECK(body(manager.response)["FirmwareVersion"] == "7.00.00.00");
  CHECK_FALSE(manager.auth.attempt);
  with_token.target = "/redfish/v1/SessionService/Sessions";
  CHECK(body(s.handle(with_token, t0).response)["Members"][0]["@odata.id"] == location);
  HttpRequest end = with_token;
  end.method = "DELETE";
  end.target = location;
  CHECK(s.handle(end, t0).response.status == 204);
  CHECK(s.handle(with_token, t0).response.status == 401);
  CHECK(s.handle(login("root", "nope"), t0).response.status == 401);
  HttpRequest malformed = login("root", "calvin");
  malformed.body = "{\"UserName\":";
  CHECK(s.handle(malformed, t0).response.status == 400);
}

TEST_CASE("idle sessions end after SessionTimeout") {
  auto s = service_for(bmc("xcc"));
  const std::string token = header(s.handle(login("root", "calvin"), t0).response, "X-Auth-Token");
  HttpRequest r = get("/redfish/v1/Systems");
  r.headers["x-auth-token"] = token;
  CHECK(s.handle(r, t0 + seconds(kSessionTimeoutS)).response.status == 200);
  CHECK(s.handle(r, t0 + seconds(2 * kSessionTimeoutS + 1)).response.status == 401);
}

TEST_CASE("other methods on a resource are 405, unknown paths 404") {
  auto s = service_for(bmc("supermicro"));
  HttpRequest patch = get("/redfish/v1/Systems/1", "root", "calvin");
  patch.method = "PATCH";
  const auto a = s.handle(patch, t0);
  CHECK(a.response.status == 405);
  CHECK(header(a.response, "Allow") == "GET");
  CHECK(s.handle(get("/redfish/v1/Nope", "root", "calvin"), t0).response.status == 404);
}

TEST_CASE("hostile faults: html, truncated JSON, a 50 MiB streamed body, a redirect to another host, a hang") {
  auto html = service_for(bmc("idrac", RedfishFault::html)).handle(get("/redfish/v1"), t0).response;
  CHECK(header(html, "Content-Type").starts_with("text/html"));
  auto truncated = service_for(bmc("idrac", RedfishFault::truncated_json)).handle(get("/redfish/v1"), t0).response;
  CHECK(nlohmann::json::parse(truncated.body, nullptr, false).is_discarded());
  CHECK(truncated.body.starts_with("{\n  \"@odata.id\": \"/redfish/v1\""));
  auto huge = service_for(bmc("idrac", RedfishFault::huge_body)).handle(get("/redfish/v1"), t0).response;
  CHECK(huge.streamed_size == 50ull * 1024 * 1024);
  CHECK(huge.body.empty());
  auto redirect = service_for(bmc("idrac", RedfishFault::redirect_other_host)).handle(get("/redfish/v1/Systems"), t0).response;
  CHECK(redirect.status == 302);
  CHECK(header(redirect, "Location") == "https://127.0.0.99/redfish/v1/Systems");
  CHECK(service_for(bmc("idrac", RedfishFault::hang)).handle(get("/redfish/v1"), t0).response.hang);
}

TEST_CASE("the huge body is one JSON object whatever the chunking") {
  const std::uint64_t total = 1000;
  std::string whole;
  for (std::uint64_t at = 0; at < total; at += 77) whole += huge_body_bytes(at, 77, total);
  CHECK(whole.size() == total);
  const auto doc = nlohmann::json::parse(whole);
  CHECK(doc["Padding"].get<std::string>().size() == total - 14);
}
