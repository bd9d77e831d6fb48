// A real net-snmp agent (Debian's snmpd) for one emulated device: a
// generated snmpd.conf in a private temp dir, bound to the device's loopback
// address only, answering GETs for the communities and versions its lab spec
// lists. The process runs in the foreground as our child, dies with us
// (PR_SET_PDEATHSIG) and is stopped by the destructor: no orphans.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attest/lab/spec.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

class Snmpd {
 public:
  // Starts snmpd on address:port and returns once it listens there (or
  // with the reason it did not, within a few seconds).
  [[nodiscard]] static Result<std::unique_ptr<Snmpd>> start(const std::string& address, const SnmpSpec& spec,
                                                            const std::string& sys_descr);
  ~Snmpd();  // SIGTERM, then SIGKILL; reaped; temp dir removed
  Snmpd(const Snmpd&) = delete;
  Snmpd& operator=(const Snmpd&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // snmpd.conf as start() writes it (exposed for tests).
  static std::string config(const std::string& address, std::uint16_t port, const SnmpSpec& spec,
                            const std::string& sys_descr);

 private:
  Snmpd(std::string dir, std::uint16_t port, pid_t pid) : dir_(std::move(dir)), port_(port), pid_(pid) {}
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace attest::lab
