// Prints what attest reads from a capture of a server's first bytes, in the
// report's evidence.ssh shape; exit 1 unless the KEXINIT parsed.
//   usage: ssh_hello_dump FILE
#include <cstdio>

#include "attest/engine/report_ssh.hpp"
#include "attest/ssh/kexinit.hpp"
#include "attest/util/files.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ssh_hello_dump FILE\n");
    return 2;
  }
  auto bytes = attest::read_file(argv[1]);
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().message.c_str());
    return 2;
  }
  const auto parser = attest::ssh::parse_server_hello(*bytes);
  if (parser.state() != attest::ssh::HelloState::complete) {
    std::fprintf(stderr, "not parsed: %s\n", parser.reason().c_str());
    return 1;
  }
  attest::SshServerPosture ssh;
  ssh.banner = parser.hello().banner;
  ssh.offered = parser.hello().kexinit;
  std::printf("%s\n", attest::ssh_evidence_json(ssh).dump(2).c_str());
  return 0;
}
