// A small report in the shape attest/engine/report.cpp writes, with one of
// each verdict, a device without findings, and a device whose every string is
// hostile: markup, a CDATA terminator, control bytes, invalid UTF-8, a bidi
// override and a very long name.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sample {

using json = nlohmann::ordered_json;

inline const std::string kScript = "<script>alert(1)</script>";
inline const std::string kBreakout = "\"><img src=x onerror=alert(2)>";
inline const std::string kCdataEnd = "]]>";
inline const std::string kControls = "\x01\x1b[31m\x7f\xc2\x85";  // C0, ESC, DEL, C1 NEL
inline const std::string kInvalidUtf8 = "\xff\xfe\xc0\xaf\xed\xa0\x80";  // bytes, overlong '/', surrogate
inline const std::string kBidi = "\u202e";
inline const std::string kHostile = kScript + kBreakout + kCdataEnd + kControls + kInvalidUtf8 + kBidi;
inline const std::string kSecret = "hunter2-never-shown";

inline json finding(const char* check, const char* status, const std::string& detail) {
  return json{{"check", check}, {"status", status}, {"detail", detail}, {"rule", ""}};
}

inline json device(const char* name, const char* verdict, const char* rack, int position, int height) {
  return json{{"name", name}, {"verdict", verdict}, {"rack", rack}, {"position_u", position}, {"height_u", height},
              {"role", "switch"}, {"profile", "arista-eos"}, {"address", "127.77.0.2"}, {"port", 2222},
              {"expected", {{"model", "DCS-7050"}, {"serial", "JPE1"}}}, {"findings", json::array()},
              {"evidence", {{"host_key", {{"type", "ssh-ed25519"}, {"fingerprint", "SHA256:aaa"},
                                          {"pinned", "SHA256:aaa"}, {"matches_pin", true}}},
                            {"connections", 1}, {"attempt_budget", 6}, {"auth_attempts", json::array()},
                            {"commands", json::array()}, {"facts", nullptr}, {"tpm", nullptr}}}};
}

inline json hostile_device() {
  json d = device("", "pass", "r01", 10, 1);
  d["name"] = "evil-" + kHostile + std::string(300, 'L');
  d["verdict"] = "pass\"><b>" + kHostile;  // not a verdict: must render as unknown
  d["role"] = d["profile"] = d["address"] = kHostile;
  d["findings"] = json::array({finding("identity", "pass", kHostile), finding(kHostile.c_str(), "fail", kHostile)});
  d["evidence"]["host_key"]["fingerprint"] = kHostile;
  d["evidence"]["commands"] = json::array({json{{"command", kHostile}, {"sha256", kHostile}, {"size", 7},
                                                {"output", kHostile + "\n" + kHostile}, {"output_truncated", true},
                                                {"started", ""}, {"finished", ""}, {"error", nullptr}}});
  d["evidence"]["facts"] = json{{"model", kHostile}, {kHostile, "x"}};
  d["evidence"]["tpm"] = json{{"nonce", kHostile}};
  return d;
}

inline json sample_report() {
  json ok = device("sw-ok", "pass", "r01", 40, 1);
  ok["findings"] = json::array({finding("host-key", "pass", "matches pin"), finding("identity", "pass", "model ok"),
                                finding("tpm-quote", "skip", "no TPM")});
  ok["evidence"]["auth_attempts"] = json::array({json{{"origin", "login"}, {"credential_id", "netops"},
                                                      {"username", "netops"}, {"method", "password"},
                                                      {"outcome", "accepted"}, {"password", kSecret},
                                                      {"detail", kSecret}, {"connection", 1}}});
  ok["evidence"]["commands"] = json::array({json{{"command", "show version"}, {"sha256", "ab12"}, {"size", 5},
                                                 {"output", "EOS 4"}, {"output_truncated", false},
                                                 {"started", "t0"}, {"finished", "t1"}, {"error", nullptr}}});
  ok["evidence"]["tpm"] = json{{"pcr_selection", "sha256:0-7"}, {"nonce", "00ff"}, {"quote_sha256", "q1"},
                               {"quote", {{"reset_count", 2}, {"pcrs", {{"sha256", {{"0", "bc5e"}}}}}}}};
  json bad = device("sw-bad", "fail", "r01", 38, 2);
  bad["findings"] = json::array({finding("host-key", "pass", "matches pin"),
                                 finding("default-credentials", "fail", "factory default logs in: admin")});
  json down = device("pdu-down", "error", "r02", 1, 1);
  down["findings"] = json::array({finding("reachability", "error", "connection refused"),
                                  finding("identity", "skip", "not reachable")});
  json empty = device("srv-empty", "pass", "r02", 3, 2);  // no findings: must not pass
  return json{{"schema", "attest.report/v1"},
              {"tool", {{"name", "attest"}, {"version", "0.1.0"}}},
              {"site", "demo-dc1"},
              {"inventory", {{"path", "inv.json"}, {"sha256", "inv-digest"}}},
              {"started", "2026-11-29T12:00:00.000Z"},
              {"finished", "2026-11-29T12:00:05.000Z"},
              {"operator", "alice"},
              {"warnings", json::array({"golden DB is unsigned", "second warning"})},
              {"ledger", json::object()},
              {"racks", json::array({json{{"name", "r01"}, {"height_u", 42}}})},  // r02 only from devices
              {"summary", {{"devices", 5}, {"pass", 2}, {"fail", 1}, {"error", 1}}},
              {"devices", json::array({ok, bad, down, empty, hostile_device()})}};
}

}  // namespace sample
