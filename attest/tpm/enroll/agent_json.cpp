#include "attest/tpm/enroll/agent_json.hpp"

#include "attest/config/json_reader.hpp"
#include "attest/tpm/enroll/tpm_public.hpp"
#include "attest/util/encoding.hpp"

namespace attest::tpm {
namespace {

constexpr std::size_t kMaxSecretBytes = 64;

void read_encoded(JsonReader& r, std::string_view key, Bytes& out, bool hex, bool required = true) {
  std::string text;
  r.string(key, text, required);
  if (!r.ok() || text.empty()) return;
  auto decoded = hex ? hex_decode(text) : base64_decode(text);
  if (!decoded) return r.fail(key, decoded.error().message);
  out = std::move(*decoded);
}

void read_choice(JsonReader& r, std::string_view key, std::string& out) {
  r.string(key, out);
  if (r.ok() && out != "rsa" && out != "ecc") r.fail(key, "must be \"rsa\" or \"ecc\"");
}

}  // namespace

Result<AgentEk> parse_agent_ek_json(std::string_view text, const std::string& source) {
  return read_document(text, source, {"schema", "certificates", "ek_public"}, AgentEk{},
                       [](JsonReader& root, AgentEk& out) {
                         root.constant("schema", "attest.ek/v1");
                         root.objects("certificates", {"nv_index", "key", "der"}, true, false,
                                      [&](JsonReader& c, std::size_t) {
                                        AgentEkCertificate cert;
                                        c.string("nv_index", cert.nv_index);
                                        read_choice(c, "key", cert.key);
                                        read_encoded(c, "der", cert.der, false);
                                        if (c.ok()) out.certificates.push_back(std::move(cert));
                                      });
                         root.object("ek_public", {"rsa", "ecc"}, true, [&](JsonReader& k) {
                           read_encoded(k, "rsa", out.ek_public_rsa, false, false);
                           read_encoded(k, "ecc", out.ek_public_ecc, false, false);
                           if (k.ok() && out.ek_public_rsa.empty() && out.ek_public_ecc.empty()) {
                             k.fail("", "must hold the \"rsa\" or the \"ecc\" EK public key");
                           }
                         });
                       });
}

Result<AgentAk> parse_agent_ak_json(std::string_view text, const std::string& source) {
  return read_document(text, source, {"schema", "alg", "ak_public", "ak_name", "persistent_handle"}, AgentAk{},
                       [](JsonReader& root, AgentAk& out) {
                         root.constant("schema", "attest.ak/v1");
                         read_choice(root, "alg", out.alg);
                         read_encoded(root, "ak_public", out.ak_public, false);
                         read_encoded(root, "ak_name", out.ak_name, true);
                         root.string("persistent_handle", out.persistent_handle, false);
                       });
}

Result<AgentActivation> parse_agent_activation_json(std::string_view text, const std::string& source) {
  return read_document(text, source, {"schema", "secret"}, AgentActivation{},
                       [](JsonReader& root, AgentActivation& out) {
                         root.constant("schema", "attest.activation/v1");
                         read_encoded(root, "secret", out.secret, true);
                         if (root.ok() && (out.secret.empty() || out.secret.size() > kMaxSecretBytes)) {
                           root.fail("secret", "must be 1.." + std::to_string(kMaxSecretBytes) + " bytes");
                         }
                       });
}

}  // namespace attest::tpm
