// The evidence behind a device's findings, in the sections the findings link
// to: connection (host key, errors), auth attempts, facts, TPM, commands.
#include <algorithm>
#include <array>

#include "attest/export/escape.hpp"
#include "attest/export/html_parts.hpp"

namespace attest::exports::html {
namespace {

// "kind: message" for the report's {kind, message} error objects.
std::string error_text(const json& e) {
  if (!e.is_object()) return text_of(e);
  return text(e, "kind") + ": " + text(e, "message");
}

std::string heading(const std::string& anchor, const char* section, const std::string& title) {
  return "<h4 id=\"" + anchor + "-" + section + "\">" + html_escape(title) + "</h4>\n";
}

std::string connection(const json& ev, const std::string& anchor) {
  const json& key = field(ev, "host_key");
  const json& matches = field(key, "matches_pin");
  Rows rows{{"host key type", text(key, "type")},
            {"fingerprint", text(key, "fingerprint")},
            {"pinned", text(key, "pinned")},
            {"matches pin", matches.is_boolean() ? (matches.get<bool>() ? "yes" : "NO") : text_of(matches)},
            {"connections", text(ev, "connections")},
            {"started", text(ev, "started")},
            {"finished", text(ev, "finished")}};
  for (const char* e : {"connect_error", "login_error", "session_error"})
    if (!field(ev, e).is_null()) rows.emplace_back(e, error_text(field(ev, e)));
  return heading(anchor, "connection", "Connection and host key") + key_value_table(rows, "");
}

// Only these columns, whatever an attempt record holds: usernames, methods and
// outcomes prove what was tried without ever carrying a credential.
std::string auth_attempts(const json& ev, const std::string& anchor) {
  const json& attempts = items(ev, "auth_attempts");
  std::string out = heading(anchor, "auth", "Authentication attempts (" + std::to_string(attempts.size()) +
                                                ", budget " + text(ev, "attempt_budget") + ")");
  if (attempts.empty()) return out + "<p class=\"none\">no authentication attempt recorded</p>\n";
  out += "<table class=\"auth\">\n<tr><th>conn.</th><th>origin</th><th>username</th><th>method</th><th>outcome</th></tr>\n";
  for (const auto& a : attempts) {
    out += "<tr>";
    for (const char* k : {"connection", "origin", "username", "method", "outcome"})
      out += "<td>" + html_escape(text(a, k)) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// Facts read from the device beside what the inventory expects.
std::string facts(const json& device, const json& ev, const std::string& anchor) {
  std::string out = heading(anchor, "facts", "Facts read from the device");
  const json& read = field(ev, "facts");
  const json& expected = field(device, "expected");
  if (read.is_object() && !read.empty()) {
    out += "<table class=\"facts\">\n<tr><th>fact</th><th>read</th><th>inventory</th></tr>\n";
    for (const auto& [key, value] : read.items())
      out += "<tr><th>" + html_escape(key) + "</th><td class=\"mono\">" + html_escape(text_of(value)) +
             "</td><td class=\"mono\">" + html_escape(text(expected, key.c_str())) + "</td></tr>\n";
    out += "</table>\n";
  } else {
    out += "<p class=\"none\">no facts parsed</p>\n";
  }
  if (const std::string err = text(ev, "facts_error"); !err.empty())
    out += "<p>parse error: <span class=\"mono\">" + html_escape(err) + "</span></p>\n";
  return out;
}

std::string tpm(const json& ev, const std::string& anchor) {
  const json& t = field(ev, "tpm");
  Rows rows;
  if (!t.is_null()) flatten(t, t.is_object() ? "" : "tpm", rows);
  return heading(anchor, "tpm", "TPM") + key_value_table(rows, "no TPM evidence (no TPM in the inventory for this device)");
}

std::string command_block(const json& c) {
  std::string facts_line = "sha256 " + text(c, "sha256") + ", " + text(c, "size") + " bytes";
  if (field(c, "output_truncated") == true) facts_line += " (copy below truncated; the digest covers all of it)";
  facts_line += ", " + text(c, "started") + " \u2192 " + text(c, "finished");
  if (!field(c, "error").is_null()) facts_line += ", error " + error_text(field(c, "error"));
  return "<div class=\"cmd\"><p><code>" + html_escape(text(c, "command")) + "</code><br><span class=\"mono\">" +
         html_escape(facts_line) + "</span></p>\n<pre class=\"output\">" + html_escape(text(c, "output")) +
         "</pre></div>\n";
}

std::string commands(const json& ev, const std::string& anchor) {
  const json& list = items(ev, "commands");
  std::string out = heading(anchor, "commands", "Commands (" + std::to_string(list.size()) + ")");
  if (list.empty()) return out + "<p class=\"none\">no command was run</p>\n";
  for (const auto& c : list) out += command_block(c);
  return out;
}

constexpr std::array kShownFields{"started",        "finished", "connect_error", "host_key", "login_error",
                                  "session_error",  "connections", "attempt_budget", "auth_attempts", "commands",
                                  "facts",          "facts_error", "tpm"};

// Evidence fields this renderer does not know yet, shown as they are.
std::string other_fields(const json& ev) {
  Rows rows;
  if (ev.is_object())
    for (const auto& [key, value] : ev.items())
      if (std::find(kShownFields.begin(), kShownFields.end(), key) == kShownFields.end()) flatten(value, key, rows);
  return rows.empty() ? std::string() : "<h4>Other evidence</h4>\n" + key_value_table(rows, "");
}

}  // namespace

const char* evidence_section_for(std::string_view check) {
  if (check == "reachability" || check == "host-key" || check == "ssh-posture" ||
      check == "service-posture")
    return "connection";
  if (check == "default-credentials" || check == "retired-credentials") return "auth";
  if (check == "identity" || check == "firmware-version") return "facts";
  if (check == "tpm-enrollment" || check == "tpm-quote" || check == "measured-boot") return "tpm";
  return "commands";
}

std::string evidence_html(const json& device, const std::string& anchor) {
  const json& ev = field(device, "evidence");
  return "<div class=\"evidence\">\n" + connection(ev, anchor) + auth_attempts(ev, anchor) + facts(device, ev, anchor) +
         tpm(ev, anchor) + commands(ev, anchor) + other_fields(ev) + "</div>\n";
}

}  // namespace attest::exports::html
