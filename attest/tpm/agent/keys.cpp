// The AK and the EK as primary keys, `agent ak` and `agent activate`.
#include <tss2/tss2_mu.h>

#include <cstdlib>

#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/session.hpp"
#include "attest/tpm/quote/stock_quote.hpp"

namespace attest::tpm {

std::string resolve_tcti(const std::string& flag) {
  if (!flag.empty()) return flag;
  for (const char* name : {"TPM2TOOLS_TCTI", "TCTI", "TSS2_TCTI"}) {
    const char* value = std::getenv(name);
    if (value && *value) return value;
  }
  return {};
}

Result<PrimaryKey> create_ek(Esys& esys, EkAlg alg) {
  return esys.create_primary(ESYS_TR_RH_ENDORSEMENT, ek_template(alg));
}

Result<LoadedAk> create_ak(Esys& esys, AkAlg alg) {
  auto key = esys.create_primary(ESYS_TR_RH_ENDORSEMENT, ak_template(alg));
  if (!key) return key.error();
  auto tpm_name = esys.read_name(key->handle.get());
  if (!tpm_name) return tpm_name.error();
  auto ours = object_name(key->public_area->publicArea);
  if (!ours) return ours.error();
  const Bytes theirs(tpm_name.value()->name, tpm_name.value()->name + tpm_name.value()->size);
  // A TPM (or a man in the middle of the TCTI) reporting a name that does not
  // hash its own public area would make the verifier bind the wrong key.
  if (theirs != *ours) {
    return make_error(ErrorKind::protocol,
                      "the TPM's AK name " + to_hex(theirs) + " is not the computed name " + to_hex(*ours));
  }
  auto marshaled = marshal(*key->public_area, Tss2_MU_TPM2B_PUBLIC_Marshal, "TPM2B_PUBLIC");
  if (!marshaled) return marshaled.error();
  AkInfo info{alg, std::move(*marshaled), std::move(theirs)};
  return LoadedAk{std::move(*key), std::move(info)};
}

namespace {

Result<bool> handle_in_use(Esys& esys, TPM2_HANDLE handle) {
  auto caps = esys.handles(handle, 1);
  if (!caps) return caps.error();
  const TPML_HANDLE& present = caps.value()->data.handles;
  return present.count > 0 && present.handle[0] == handle;
}

// EvictControl, unless `handle` already holds this very key (same Name).
// Anything else there belongs to someone: replacing it could break another
// user of the TPM, so the operator decides.
Status persist_at(Esys& esys, const LoadedAk& ak, TPM2_HANDLE handle) {
  auto in_use = handle_in_use(esys, handle);
  if (!in_use) return in_use.error();
  if (!*in_use) return esys.evict_control(ak.key.handle.get(), handle);
  auto object = esys.object_at(handle);
  if (!object) return object.error();
  auto name = esys.read_name(*object);
  if (!name) return name.error();
  const Bytes theirs(name.value()->name, name.value()->name + name.value()->size);
  if (theirs == ak.info.ak_name) return ok_status();
  return make_error(ErrorKind::input, "persistent handle " + handle_text(handle) + " holds another object (Name " +
                                          to_hex(theirs) + "), not this AK: refusing to replace it");
}

}  // namespace

Result<AkInfo> persist_ak(const AgentOptions& options, AkAlg alg, std::uint32_t handle) {
  return with_tpm<AkInfo>(options, "attest agent ak --persist", [alg, handle](Esys& esys) -> Result<AkInfo> {
    auto ak = create_ak(esys, alg);
    if (!ak) return ak.error();
    if (auto st = persist_at(esys, *ak, handle); !st) return st.error();
    ak->info.persistent_handle = handle;
    return std::move(ak->info);
  });
}

Result<AkInfo> read_ak(const AgentOptions& options, AkAlg alg) {
  return with_tpm<AkInfo>(options, "attest agent ak", [alg](Esys& esys) -> Result<AkInfo> {
    auto ak = create_ak(esys, alg);
    if (!ak) return ak.error();
    return std::move(ak->info);
  });
}

Result<Bytes> activate(const AgentOptions& options, AkAlg alg, EkAlg ek_alg, const Bytes& blob,
                       const Bytes& encrypted_secret) {
  // Parse before touching the TPM: bad input is exit 2, not a TPM failure.
  auto id_object = unmarshal(blob, Tss2_MU_TPM2B_ID_OBJECT_Unmarshal, "TPM2B_ID_OBJECT (--credential-blob)");
  if (!id_object) return id_object.error();
  auto secret = unmarshal(encrypted_secret, Tss2_MU_TPM2B_ENCRYPTED_SECRET_Unmarshal,
                          "TPM2B_ENCRYPTED_SECRET (--encrypted-secret)");
  if (!secret) return secret.error();
  return with_tpm<Bytes>(options, "attest agent activate",
                         [alg, ek_alg, id = *id_object, sec = *secret](Esys& esys) -> Result<Bytes> {
                           auto ek = create_ek(esys, ek_alg);
                           if (!ek) return ek.error();
                           auto ak = create_ak(esys, alg);
                           if (!ak) return ak.error();
                           auto session = esys.endorsement_policy_session();
                           if (!session) return session.error();
                           auto cert_info = esys.activate_credential(ak->key.handle.get(), ek->handle.get(),
                                                                     session->get(), id, sec);
                           if (!cert_info) {
                             return make_error(cert_info.error().kind,
                                               cert_info.error().message +
                                                   " (was the credential made for this TPM's " + to_string(ek_alg) +
                                                   " EK and this AK's name?)");
                           }
                           const TPM2B_DIGEST& d = **cert_info;
                           return Bytes(d.buffer, d.buffer + d.size);
                         });
}

}  // namespace attest::tpm
