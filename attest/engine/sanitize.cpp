#include "attest/engine/sanitize.hpp"

#include <algorithm>

#include "attest/util/text.hpp"

namespace attest {
namespace {

void fix(std::string& s) {
  if (!is_valid_utf8(s)) s = valid_utf8(s);
}

void fix(std::vector<std::string>& list) {
  for (auto& s : list) fix(s);
}

void fix(std::optional<Error>& e) {
  if (e) fix(e->message);
}

void fix(KexInitLists& k) {
  for (auto* list : {&k.kex, &k.host_key, &k.cipher_c2s, &k.cipher_s2c, &k.mac_c2s, &k.mac_s2c,
                     &k.compression_c2s, &k.compression_s2c, &k.languages_c2s, &k.languages_s2c}) {
    fix(*list);
  }
}

void fix(NegotiatedAlgorithms& n) {
  for (auto* s : {&n.kex, &n.host_key, &n.cipher_c2s, &n.cipher_s2c, &n.mac_c2s, &n.mac_s2c,
                  &n.compression_c2s, &n.compression_s2c}) {
    fix(*s);
  }
}

void fix(SshServerPosture& p) {
  fix(p.banner);
  if (p.offered) fix(*p.offered);
  if (p.negotiated) fix(*p.negotiated);
  fix(p.host_key_type);
  fix(p.refused_by_policy);
}

void fix(CommandRecord& c, bool binary_output) {
  fix(c.command);
  if (!binary_output) fix(c.output);  // sha256 and size stay those of the bytes read
  fix(c.started);
  fix(c.finished);
  fix(c.error);
}

// sysDescr is the device's own text: one line, no controls or bidi
// overrides, capped (it reaches findings, tables and terminals).
void fix(SnmpProbe& p) {
  p.sys_descr = truncate_code_points(terminal_text(p.sys_descr), kMaxSysDescr);
  for (auto* s : {&p.community_id, &p.community, &p.detail}) fix(*s);
}

void fix(AuthAttempt& a) {
  for (auto* s : {&a.credential_id, &a.username, &a.method, &a.detail}) fix(*s);
}

}  // namespace

void sanitize_evidence(DeviceEvidence& ev, const std::vector<std::string>& binary_commands) {
  for (auto* s : {&ev.device, &ev.started, &ev.finished, &ev.host_key_type, &ev.host_key_fingerprint}) fix(*s);
  for (auto* e : {&ev.connect_error, &ev.login_error, &ev.session_error}) fix(*e);
  for (auto& c : ev.commands) {
    const bool binary = std::find(binary_commands.begin(), binary_commands.end(), c.command) != binary_commands.end();
    fix(c, binary);
  }
  for (auto& a : ev.attempts) fix(a);
  fix(ev.ssh);
  for (auto& p : ev.exposure) {
    fix(p.service);
    fix(p.detail);
  }
  for (auto& p : ev.snmp) fix(p);
}

}  // namespace attest
