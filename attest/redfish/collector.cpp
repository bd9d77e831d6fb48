#include "attest/redfish/collector.hpp"

#include <openssl/crypto.h>

#include "attest/redfish/https.hpp"
#include "attest/redfish/lockout.hpp"
#include "attest/redfish/resources.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/text.hpp"

namespace attest::redfish {
namespace {

using nlohmann::json;

// One device's collection: the client, the evidence it fills, and the
// bookkeeping of credential requests.
class Collection {
 public:
  explicit Collection(const Job& job) : job_(job), client_(endpoint_of(job)) {
    ev_.device = job.device.name;
    ev_.started = utc_now_rfc3339();
    ev_.redfish.emplace();
    ev_.redfish->not_probeable = job.not_probeable;
    ev_.attempt_budget = job.attempt_budget;
  }

  DeviceEvidence run() {
    if (read_root()) {
      read_account_service();
      if (log_in()) {
        probe_defaults();
        read_inventory();
      }
    }
    ev_.finished = utc_now_rfc3339();
    return std::move(ev_);
  }

 private:
  static Endpoint endpoint_of(const Job& job) {
    Endpoint e;
    e.host = job.device.address;
    e.port = job.device.port;
    e.pins = job.device.host_keys;
    e.connect = job.device.timeouts.connect;
    e.request = job.device.timeouts.command;
    e.until = SteadyClock::now() + job.device.timeouts.total;
    e.cancel = job.cancel;
    return e;
  }

  RedfishEvidence& rf() { return *ev_.redfish; }

  void doing(const std::string& what) {
    if (job_.activity) job_.activity(what);
  }

  void tell(const std::string& user, AuthRequestEvent e) {
    if (job_.auth_request) job_.auth_request(user, e);
  }

  Credential site_login() const {
    Credential c;
    c.kind = Credential::Kind::basic;
    c.username = job_.login.username;
    c.secret = job_.login.password.value_or("");
    return c;
  }

  // One request, recorded; the certificate of its handshake kept.
  Result<Response> send(const std::string& method, const std::string& path, const Credential& c,
                        const std::string& body = {}) {
    doing(method + " " + path);
    RedfishRequest rec{method, path, 0, 0, "", c.kind != Credential::Kind::none, std::nullopt};
    auto r = client_.request(method, path, c, body);
    const PeerCertificate& peer = client_.peer();
    if (!peer.fingerprint.empty()) {
      ev_.host_key_type = "tls-certificate";
      ev_.host_key_fingerprint = peer.fingerprint;
      ev_.host_key_matches_pin = peer.matched && !job_.device.host_keys.empty();
      rf().tls_subject = terminal_text_of(peer.subject);
      rf().tls_not_after = peer.not_after;
    }
    if (r) {
      rec.status = r->status;
      rec.size = r->body.size();
      rec.sha256 = sha256_hex(r->body);
    } else {
      rec.error = r.error();
    }
    rf().requests.push_back(std::move(rec));
    return r;
  }

  static std::string terminal_text_of(const std::string& s) { return truncate_code_points(terminal_text(s), 256); }

  // A GET with the site login that must answer 200 with a JSON object.
  Result<json> get_json(const std::string& path, const Credential& c) {
    auto r = send("GET", path, c);
    if (!r) return r.error();
    if (r->status != 200) {
      return make_error(r->status == 401 || r->status == 403 ? ErrorKind::auth : ErrorKind::protocol,
                        "GET " + path + ": HTTP " + std::to_string(r->status));
    }
    return parse_resource(r->body, r->content_type, "GET " + path);
  }

  bool read_root() {
    auto root = get_json("/redfish/v1", Credential{});
    if (root) {
      root_ = read_service_root(*root);
      rf().service_version = root_.redfish_version;
      return true;
    }
    if (client_.last_failure() == Failure::pin) {
      ev_.host_key_matches_pin = false;
      ev_.session_error = root.error();
    } else if (client_.last_failure() == Failure::connect || client_.peer().fingerprint.empty()) {
      ev_.connect_error = root.error();
    } else if (job_.device.host_keys.empty()) {
      ev_.session_error = root.error();
    } else {
      ev_.session_error = make_error(root.error().kind, "service root unusable, no credential sent: " + root.error().message);
    }
    return false;
  }

  void read_account_service() {
    auto a = get_json(root_.account_service, Credential{});
    if (a) {
      rf().lockout = read_lockout(*a);
      rf().lockout.read_unauthenticated = true;
      return;
    }
    account_service_error_ = a.error();
  }

  // The site login: the AccountService read that needed it, else the
  // Systems collection. Counted against the budget and told to the journal.
  bool log_in() {
    if (!ev_.host_key_matches_pin) return false;  // unpinned: never a credential
    if (!job_.login.password) {
      ev_.login_error = make_error(ErrorKind::input, "credential '" + job_.login.id + "' has no password: Redfish "
                                                     "logs in with HTTP Basic");
      return false;
    }
    const bool need_account_service = account_service_error_ && account_service_error_->kind == ErrorKind::auth;
    const std::string path = need_account_service ? root_.account_service : root_.systems;
    tell(job_.login.username, AuthRequestEvent::sent);
    ++requests_sent_;
    auto r = get_json(path, site_login());
    if (!r) {
      if (r.error().kind == ErrorKind::auth) ++failures_now_;
      ev_.login_error = r.error();
      if (account_service_error_ || need_account_service) rf().lockout.error = account_service_error_;
      return false;
    }
    tell(job_.login.username, AuthRequestEvent::accepted);
    if (need_account_service) {
      rf().lockout = read_lockout(*r);
    } else if (account_service_error_) {
      rf().lockout.error = account_service_error_;
    } else {
      systems_ = std::move(*r);
    }
    return true;
  }

  int budget_left() const { return job_.attempt_budget - job_.earlier_failures - requests_sent_; }

  // Every default gets a Basic request, then a session login, while room lasts.
  void probe_defaults() {
    const ProbeRoom room = lockout_room(budget_left(), rf().lockout, job_.earlier_failures, job_.journal_window_s,
                                        failures_now_);
    rf().probe_room = room.requests;
    rf().probe_room_reason = room.reason;
    int left = room.requests;
    for (const auto& d : job_.defaults) {
      for (const char* method : {"http-basic", "redfish-session"}) {
        AuthAttempt a{AttemptOrigin::factory_default, d.credential_id, d.username, method, AttemptOutcome::not_tried,
                      "", 1};
        if (left <= 0) {
          a.detail = "not tried: " + room.reason;
        } else {
          --left;
          std::string m = method;
          m == "http-basic" ? basic_probe(d, a) : session_probe(d, a);
        }
        const bool accepted = a.outcome == AttemptOutcome::accepted;
        ev_.attempts.push_back(std::move(a));
        if (accepted) break;  // proven: the session form adds nothing
      }
    }
  }

  void outcome(AuthAttempt& a, const Result<Response>& r, bool accepted_status) {
    if (!r) {
      a.outcome = AttemptOutcome::error;
      a.detail = r.error().message;
    } else if (accepted_status) {
      a.outcome = AttemptOutcome::accepted;
    } else if (r->status == 401 || r->status == 403 || r->status == 400) {
      a.outcome = AttemptOutcome::rejected;
    } else {
      a.outcome = AttemptOutcome::error;
      a.detail = "HTTP " + std::to_string(r->status);
    }
    if (a.outcome == AttemptOutcome::accepted) tell(a.username, AuthRequestEvent::accepted);
    else ++failures_now_;
  }

  void basic_probe(const DefaultProbe& d, AuthAttempt& a) {
    Credential c;
    c.kind = Credential::Kind::basic;
    c.username = d.username;
    c.secret = d.password;
    tell(d.username, AuthRequestEvent::sent);
    auto r = send("GET", root_.systems, c);
    outcome(a, r, r && r->status == 200);
  }

  // POST SessionService/Sessions (DSP0266 §13.3.4); a session it opens is
  // deleted at once with its own token.
  void session_probe(const DefaultProbe& d, AuthAttempt& a) {
    std::string body = json{{"UserName", d.username}, {"Password", d.password}}.dump();
    tell(d.username, AuthRequestEvent::sent);
    auto r = send("POST", root_.sessions, Credential{}, body);
    OPENSSL_cleanse(body.data(), body.size());
    const bool opened = r && (r->status == 200 || r->status == 201) && !r->auth_token.empty();
    outcome(a, r, opened);
    if (!opened) return;
    Credential token;
    token.kind = Credential::Kind::token;
    token.secret = r->auth_token;
    const std::string where = odata_path(r->location);
    if (where.empty()) {
      a.detail = "the session opened gave no Location to delete it";
      return;
    }
    auto del = send("DELETE", where, token);
    if (!del || (del->status != 200 && del->status != 204)) a.detail = "the session it opened could not be deleted";
  }

  // A Location header as a path: absolute URLs lose their origin.
  static std::string odata_path(const std::string& location) {
    std::string p = location;
    if (const auto scheme = p.find("://"); scheme != std::string::npos) {
      const auto slash = p.find('/', scheme + 3);
      p = slash == std::string::npos ? "" : p.substr(slash);
    }
    return odata_id(json{{"@odata.id", p}});
  }

  // The first member of a collection, with the site login.
  Result<json> first_member(const std::string& collection_path, std::optional<json> collection = std::nullopt) {
    if (!collection) {
      auto c = get_json(collection_path, site_login());
      if (!c) return c.error();
      collection = std::move(*c);
    }
    const auto members = collection_members(*collection);
    if (members.empty()) return make_error(ErrorKind::parse, "GET " + collection_path + ": no members");
    return get_json(members.front(), site_login());
  }

  void read_inventory() {
    auto system = first_member(root_.systems, systems_);
    if (!system) {
      ev_.session_error = system.error();
      return;
    }
    const SystemFacts facts = read_system(*system);
    rf().manufacturer = facts.manufacturer;
    rf().model = facts.model;
    rf().serial = facts.serial;
    rf().bios_version = facts.bios_version;
    read_manager();
    read_firmware();
    read_accounts();
  }

  void read_manager() {
    auto manager = first_member(root_.managers);
    if (!manager) {
      rf().protocols_error = manager.error();
      return;
    }
    rf().bmc_firmware = text_of(*manager, "FirmwareVersion");
    const std::string np = link(*manager, "NetworkProtocol");
    if (np.empty()) {
      rf().protocols_error = make_error(ErrorKind::parse, "the Manager links no NetworkProtocol");
      return;
    }
    auto protocols = get_json(np, site_login());
    if (!protocols) rf().protocols_error = protocols.error();
    else rf().protocols = read_protocols(*protocols);
  }

  // The members of the collection that `service_path`'s `key` links, each
  // read with the site login.
  Result<std::vector<json>> linked_members(const std::string& service_path, const char* key) {
    auto service = get_json(service_path, site_login());
    if (!service) return service.error();
    const std::string path = link(*service, key);
    if (path.empty()) return make_error(ErrorKind::parse, "GET " + service_path + ": links no " + key);
    auto collection = get_json(path, site_login());
    if (!collection) return collection.error();
    std::vector<json> out;
    for (const auto& m : collection_members(*collection)) {
      auto member = get_json(m, site_login());
      if (!member) return member.error();
      out.push_back(std::move(*member));
    }
    return out;
  }

  void read_firmware() {
    auto members = linked_members(root_.update_service, "FirmwareInventory");
    if (!members) return void(rf().firmware_error = members.error());
    for (const auto& m : *members) rf().firmware.push_back(read_component(m));
  }

  void read_accounts() {
    auto members = linked_members(root_.account_service, "Accounts");
    if (!members) return void(rf().accounts_error = members.error());
    for (const auto& m : *members) rf().accounts.push_back(read_account(m));
  }

  const Job& job_;
  Client client_;
  DeviceEvidence ev_;
  ServiceRoot root_;
  std::optional<Error> account_service_error_;
  std::optional<json> systems_;  // the Systems collection, when the login read it
  int requests_sent_ = 0;       // the site login's
  int failures_now_ = 0;
};

}  // namespace

DefaultProbe::~DefaultProbe() { OPENSSL_cleanse(password.data(), password.size()); }

DeviceEvidence collect(const Job& job) { return Collection(job).run(); }

}  // namespace attest::redfish
