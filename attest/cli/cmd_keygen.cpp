// `attest keygen --out KEY`: an Ed25519 key pair for signing the golden DB or
// reports. The private key is written 0600; the public key PEM beside it.
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/sign/ed25519.hpp"

namespace attest::cli {

ExitCode cmd_keygen(const Args& args) {
  std::string out;
  po::options_description desc("attest keygen options");
  desc.add_options()("out", po::value(&out)->required(), "private key file to create (0600); public key goes to <name>.pub.pem");
  auto parsed = parse_options(args, "attest keygen --out KEY", desc);
  if (parsed.done) return *parsed.done;
  auto public_path = sign::generate_key_files(out);
  if (!public_path) return report_error(public_path.error());
  auto key = sign::load_public_key(*public_path);
  if (!key) return report_error(key.error());
  std::cout << "private key: " << out << " (mode 0600; keep it off shared disks)\n"
            << "public key:  " << *public_path << "\n"
            << "key id:      " << sign::key_id(key->get()) << "\n";
  return ExitCode::pass;
}

}  // namespace attest::cli
