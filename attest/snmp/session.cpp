#include "attest/snmp/session.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>

// net-snmp's headers need its config header first.
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

namespace attest::snmp {
namespace {

// sysDescr.0 (RFC 1213 / RFC 3418 system group).
const oid kSysDescr0[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};

// snmp_sess_init runs net-snmp's one-time library set-up (transports,
// request ids), which is not thread-safe: the first call happens once,
// here. Logging is off: net-snmp would print to stderr what a device sent.
void init_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    snmp_disable_log();
    netsnmp_session warmup;
    snmp_sess_init(&warmup);
  });
}

std::string library_error(netsnmp_session& s, const char* call) {
  int liberr = 0, syserr = 0;
  char* text = nullptr;
  snmp_error(&s, &liberr, &syserr, &text);
  std::string out = std::string(call) + ": " + (text ? text : "unknown error");
  std::free(text);  // SNMP_FREE's old-style cast does not build with our warnings
  return out;
}

std::string session_error(void* handle, const char* call) {
  int liberr = 0, syserr = 0;
  char* text = nullptr;
  snmp_sess_error(handle, &liberr, &syserr, &text);
  std::string out = std::string(call) + ": " + (text ? text : "unknown error");
  std::free(text);  // SNMP_FREE's old-style cast does not build with our warnings
  return out;
}

// Called inside snmp_sess_read for the response matching our request id;
// net-snmp has already checked the community and the request id.
int on_response(int op, netsnmp_session*, int, netsnmp_pdu* pdu, void* magic) {
  auto* answer = static_cast<Answer*>(magic);
  if (op != NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE || pdu == nullptr) return 1;
  answer->received = true;
  answer->error_status = static_cast<int>(pdu->errstat);
  const netsnmp_variable_list* v = pdu->variables;
  if (v != nullptr && v->type == ASN_OCTET_STR && v->val.string != nullptr) {
    const std::size_t n = std::min<std::size_t>(v->val_len, kMaxSysDescr);
    answer->sys_descr.assign(reinterpret_cast<const char*>(v->val.string), n);
  }
  return 1;
}

}  // namespace

void SessionCloser::operator()(void* handle) const {
  if (handle != nullptr) snmp_sess_close(handle);
}

Result<Session> Session::open(const std::string& address, std::uint16_t port, const std::string& community,
                              SnmpVersion version) {
  init_library();
  netsnmp_session s;
  snmp_sess_init(&s);
  std::string peer = "udp:" + address + ":" + std::to_string(port);
  std::string community_copy = community;  // net-snmp copies both at open
  s.peername = peer.data();
  s.version = version == SnmpVersion::v1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
  s.community = reinterpret_cast<u_char*>(community_copy.data());
  s.community_len = community_copy.size();
  s.retries = 0;
  s.timeout = 0;  // never used: we never call snmp_sess_timeout
  void* handle = snmp_sess_open(&s);
  if (handle == nullptr) return make_error(ErrorKind::io, library_error(s, "snmp_sess_open"));
  Session session{SessionHandle(handle)};
  session.answer_->sys_descr.reserve(kMaxSysDescr);
  return session;
}

Status Session::send_get_sys_descr() {
  netsnmp_pdu* pdu = snmp_pdu_create(SNMP_MSG_GET);
  if (pdu == nullptr) return make_error(ErrorKind::internal, "snmp_pdu_create: out of memory");
  snmp_add_null_var(pdu, kSysDescr0, OID_LENGTH(kSysDescr0));
  if (snmp_sess_async_send(handle_.get(), pdu, on_response, answer_.get()) == 0) {
    snmp_free_pdu(pdu);  // not sent: still ours
    return make_error(ErrorKind::io, session_error(handle_.get(), "snmp_sess_async_send"));
  }
  return ok_status();
}

int Session::fd() const {
  netsnmp_transport* t = snmp_sess_transport(handle_.get());
  return t == nullptr ? -1 : t->sock;
}

Status Session::read() {
  const int sock = fd();
  if (sock < 0) return make_error(ErrorKind::io, "snmp_sess_transport: no socket");
  // The large set: a rack run raises RLIMIT_NOFILE, fds above FD_SETSIZE are normal.
  netsnmp_large_fd_set fds;
  netsnmp_large_fd_set_init(&fds, sock + 1);
  NETSNMP_LARGE_FD_SET(sock, &fds);
  const int rc = snmp_sess_read2(handle_.get(), &fds);
  netsnmp_large_fd_set_cleanup(&fds);
  if (rc != 0 && !answer_->received) {
    return make_error(ErrorKind::protocol, session_error(handle_.get(), "snmp_sess_read2"));
  }
  return ok_status();
}

}  // namespace attest::snmp
