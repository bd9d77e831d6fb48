#include "attest/lab/redfish_service.hpp"

#include <algorithm>

#include "attest/util/encoding.hpp"

namespace attest::lab {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSessions = "/redfish/v1/SessionService/Sessions";

HttpResponse json_response(int status, const Json& doc) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"OData-Version", "4.0"}, {"Cache-Control", "no-cache"}};
  r.body = doc.dump(2) + "\n";
  return r;
}

// DSP0266 "Error responses": one message from the Base registry.
HttpResponse error_response(int status, const std::string& message_id, const std::string& message) {
  const Json info = {{"@odata.type", "#Message.v1_1_1.Message"}, {"MessageId", "Base.1.16.0." + message_id},
                     {"Message", message}, {"Severity", "Critical"}};
  return json_response(status, {{"error", {{"code", "Base.1.16.0." + message_id}, {"message", message},
                                           {"@Message.ExtendedInfo", Json::array({info})}}}});
}

// "/redfish/v1/Systems/?$select=Id" -> "/redfish/v1/Systems".
std::string normalized_path(const std::string& target) {
  std::string path = target.substr(0, target.find_first_of("?#"));
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

Json odata_document(const MockupTree& tree) {
  Json values = Json::array();
  for (const auto& [name, value] : tree.resources.at("/redfish/v1").items()) {
    if (value.is_object() && value.contains("@odata.id") && name != "Links") {
      values.push_back({{"name", name}, {"kind", "Singleton"}, {"url", value["@odata.id"]}});
    }
  }
  return {{"@odata.context", "/redfish/v1/$metadata"}, {"value", values}};
}

// CSDL (DSP0266 "Service metadata"): the namespaces the tree's types come from.
HttpResponse metadata_document() {
  HttpResponse r;
  r.headers = {{"Content-Type", "application/xml"}, {"OData-Version", "4.0"}};
  r.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n"
      "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/ServiceRoot_v1.xml\">\n"
      "    <edmx:Include Namespace=\"ServiceRoot\"/>\n    <edmx:Include Namespace=\"ServiceRoot.v1_11_0\"/>\n"
      "  </edmx:Reference>\n"
      "  <edmx:DataServices>\n    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n"
      "      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_11_0.ServiceContainer\"/>\n"
      "    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n";
  return r;
}

HttpResponse html_page() {
  HttpResponse r;
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  r.body = "<!DOCTYPE html>\n<html><head><title>Log In</title></head>\n"
           "<body><form method=\"post\" action=\"/login\"><input name=\"user\"><input name=\"password\" type=\"password\">"
           "</form></body></html>\n";
  return r;
}

// The hostile faults that answer before any routing; nullopt-like `false` otherwise.
bool fault_answer(RedfishFault fault, const HttpRequest& request, HttpResponse& out) {
  switch (fault) {
    case RedfishFault::hang: out.hang = true; return true;
    case RedfishFault::html: out = html_page(); return true;
    case RedfishFault::redirect_other_host:
      out.status = 302;
      out.headers = {{"Location", std::string("https://") + kRedirectHost + request.target}};
      return true;
    case RedfishFault::huge_body:
      out.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"OData-Version", "4.0"}};
      out.streamed_size = kHugeBodySize;
      return true;
    default: return false;
  }
}

// "Basic dXNlcjpwYXNz" -> user, password; false when it is not Basic or not decodable.
bool basic_credentials(const std::string& header, std::string& user, std::string& password) {
  if (header.size() < 6 || !std::equal(header.begin(), header.begin() + 6, "Basic ", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      })) {
    return false;
  }
  auto decoded = base64_decode(header.substr(6));
  if (!decoded) return false;
  const std::string text(decoded->begin(), decoded->end());
  const auto colon = text.find(':');
  if (colon == std::string::npos) return false;
  user = text.substr(0, colon);
  password = text.substr(colon + 1);
  return true;
}

}  // namespace

std::string huge_body_bytes(std::uint64_t offset, std::size_t n, std::uint64_t total) {
  std::string out;
  huge_body_bytes_into(offset, n, total, out);
  return out;
}

void huge_body_bytes_into(std::uint64_t offset, std::size_t n, std::uint64_t total, std::string& out) {
  static const std::string head = "{\"Padding\":\"", tail = "\"}";
  out.clear();
  for (std::uint64_t i = offset; i < offset + n && i < total; ++i) {
    if (i < head.size()) out += head[static_cast<std::size_t>(i)];
    else if (i >= total - tail.size()) out += tail[static_cast<std::size_t>(i - (total - tail.size()))];
    else out += 'x';
  }
}

RedfishService::RedfishService(DeviceSpec device, MockupTree tree, TokenSource tokens)
    : device_(std::move(device)), tree_(std::move(tree)), tokens_(std::move(tokens)), lockout_(device_.redfish->lockout) {}

ServiceAnswer RedfishService::handle(const HttpRequest& request, TimePoint now) {
  ServiceAnswer answer;
  if (fault_answer(device_.redfish->fault, request, answer.response)) return answer;
  std::lock_guard lock(mutex_);
  answer = route(request, normalized_path(request.target), now);
  if (device_.redfish->fault == RedfishFault::truncated_json) {
    answer.response.body.resize(answer.response.body.size() / 2);
  }
  return answer;
}

ServiceAnswer RedfishService::route(const HttpRequest& request, const std::string& path, TimePoint now) {
  const bool get = request.method == "GET";
  if (get && path == "/redfish") return {json_response(200, {{"v1", "/redfish/v1/"}}), {}};
  if (get && path == "/redfish/v1") return {json_response(200, tree_.resources.at(path)), {}};
  if (get && path == "/redfish/v1/odata") return {json_response(200, odata_document(tree_)), {}};
  if (get && path == "/redfish/v1/$metadata") return {metadata_document(), {}};
  if (request.method == "POST" && path == kSessions) return create_session(request, now);
  ServiceAnswer answer;
  if (!authenticate(request, now, answer)) return answer;
  ServiceAnswer served = authenticated(request, path);
  served.auth = answer.auth;
  return served;
}

RedfishService::Login RedfishService::login(const std::string& user, const std::string& password, TimePoint now,
                                            AuthEvents& events) {
  events.attempt = true;
  if (lockout_.locked(user, now)) {
    events.refused_locked = true;
    return Login::refused;
  }
  const auto& accounts = device_.redfish->accounts;
  const bool ok = std::any_of(accounts.begin(), accounts.end(), [&](const RedfishAccount& a) {
    return a.enabled && a.username == user && a.password == password;
  });
  if (ok) {
    lockout_.succeeded(user);
    events.accepted = true;
    return Login::accepted;
  }
  events.locked_now = lockout_.failed(user, now);
  return Login::refused;
}

HttpResponse RedfishService::unauthorized(const std::string& message) const {
  HttpResponse r = error_response(401, "NoValidSession", message);
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"" + std::string(tree_.traits->realm) + "\"");
  return r;
}

bool RedfishService::authenticate(const HttpRequest& request, TimePoint now, ServiceAnswer& out) {
  if (const std::string token = request.header("x-auth-token"); !token.empty()) {
    std::erase_if(sessions_, [&](const Session& s) { return now - s.last_used > std::chrono::seconds(kSessionTimeoutS); });
    for (auto& s : sessions_) {
      if (s.token == token) {
        s.last_used = now;
        return true;
      }
    }
    out.response = unauthorized("The session token is not valid.");
    return false;
  }
  std::string user, password;
  if (!basic_credentials(request.header("authorization"), user, password)) {
    out.response = unauthorized("Authentication is required: HTTP Basic or an X-Auth-Token session.");
    return false;
  }
  if (login(user, password, now, out.auth) == Login::accepted) return true;
  out.response = unauthorized("The user name or password is not valid, or the account is locked.");
  return false;
}

ServiceAnswer RedfishService::create_session(const HttpRequest& request, TimePoint now) {
  const Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("UserName") || !body.contains("Password") ||
      !body["UserName"].is_string() || !body["Password"].is_string()) {
    return {error_response(400, "MalformedJSON", "A session needs {\"UserName\": ..., \"Password\": ...}."), {}};
  }
  ServiceAnswer answer;
  const std::string user = body["UserName"].get<std::string>();
  if (login(user, body["Password"].get<std::string>(), now, answer.auth) != Login::accepted) {
    answer.response = unauthorized("The user name or password is not valid, or the account is locked.");
    return answer;
  }
  if (sessions_.size() >= kMaxSessions) {
    answer.response = error_response(503, "SessionLimitExceeded", "The session limit has been exceeded.");
    return answer;
  }
  Session s{std::to_string(next_session_++), tokens_(), user, now};
  const std::string location = std::string(kSessions) + "/" + s.id;
  answer.response = json_response(201, {{"@odata.id", location}, {"@odata.type", "#Session.v1_3_0.Session"},
                                        {"Id", s.id}, {"Name", "User Session"}, {"UserName", user}});
  answer.response.headers.emplace_back("X-Auth-Token", s.token);
  answer.response.headers.emplace_back("Location", location);
  sessions_.push_back(std::move(s));
  return answer;
}

Json RedfishService::sessions_collection() const {
  Json members = Json::array();
  for (const auto& s : sessions_) members.push_back({{"@odata.id", std::string(kSessions) + "/" + s.id}});
  return {{"@odata.id", kSessions}, {"@odata.type", "#SessionCollection.SessionCollection"}, {"Name", "Session Collection"},
          {"Members@odata.count", members.size()}, {"Members", members}};
}

ServiceAnswer RedfishService::authenticated(const HttpRequest& request, const std::string& path) {
  const std::string prefix = std::string(kSessions) + "/";
  const auto session = std::find_if(sessions_.begin(), sessions_.end(), [&](const Session& s) { return path == prefix + s.id; });
  if (session != sessions_.end()) {
    if (request.method == "DELETE") {
      sessions_.erase(session);
      return {HttpResponse{204, {{"OData-Version", "4.0"}}, "", 0, false, false}, {}};
    }
    if (request.method == "GET") {
      return {json_response(200, {{"@odata.id", path}, {"@odata.type", "#Session.v1_3_0.Session"}, {"Id", session->id},
                                  {"Name", "User Session"}, {"UserName", session->username}}), {}};
    }
  }
  const bool collection = path == kSessions;
  const auto it = tree_.resources.find(path);
  if (!collection && it == tree_.resources.end() && session == sessions_.end()) {
    return {error_response(404, "ResourceMissingAtURI", "The resource at the URI " + path + " was not found."), {}};
  }
  if (request.method != "GET") {
    HttpResponse r = error_response(405, "OperationNotAllowed", "The operation is not allowed on this resource.");
    r.headers.emplace_back("Allow", collection ? "GET, POST" : session != sessions_.end() ? "GET, DELETE" : "GET");
    return {r, {}};
  }
  return {json_response(200, collection ? sessions_collection() : it->second), {}};
}

}  // namespace attest::lab
