#include "attest/tpm/agent/esys.hpp"

#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <cstdio>

namespace attest::tpm {

Error tss_error(const char* call, TSS2_RC rc) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08x", rc);
  // Failures below the TPM (no device, connection refused) are "refused";
  // an answer with an error code is the TPM or ESAPI saying no.
  const bool tcti = (rc & TSS2_RC_LAYER_MASK) == TSS2_TCTI_RC_LAYER;
  return make_error(tcti ? ErrorKind::refused : ErrorKind::protocol,
                    std::string(call) + " failed: " + hex + " (" + Tss2_RC_Decode(rc) + ")");
}

Flushed::~Flushed() {
  // Best effort: a failure here (TPM gone) must not hide the original result.
  if (handle_ != ESYS_TR_NONE) (void)Esys_FlushContext(ctx_, handle_);
}

void Esys::TctiDeleter::operator()(TSS2_TCTI_CONTEXT* p) const { Tss2_TctiLdr_Finalize(&p); }
void Esys::ContextDeleter::operator()(ESYS_CONTEXT* p) const { Esys_Finalize(&p); }

Status Esys::check(TSS2_RC rc, const char* call) {
  progress_->touch();
  if (rc != TSS2_RC_SUCCESS) return tss_error(call, rc);
  return ok_status();
}

Result<Esys> Esys::open(const std::string& tcti, Progress& progress) {
  Esys esys(progress);
  TSS2_TCTI_CONTEXT* raw_tcti = nullptr;
  const TSS2_RC rc = Tss2_TctiLdr_Initialize(tcti.empty() ? nullptr : tcti.c_str(), &raw_tcti);
  esys.tcti_.reset(raw_tcti);
  if (auto st = esys.check(rc, "Tss2_TctiLdr_Initialize"); !st) {
    return make_error(st.error().kind, st.error().message + " (TCTI '" + (tcti.empty() ? "default" : tcti) + "')");
  }
  ESYS_CONTEXT* raw_ctx = nullptr;
  const TSS2_RC init_rc = Esys_Initialize(&raw_ctx, esys.tcti_.get(), nullptr);
  esys.ctx_.reset(raw_ctx);
  if (auto st = esys.check(init_rc, "Esys_Initialize"); !st) return st.error();
  // Honoured by the device TCTI; the socket TCTIs rely on the deadline thread.
  const auto ms = static_cast<std::int32_t>(progress.step().count());
  if (auto st = esys.check(Esys_SetTimeout(esys.ctx_.get(), ms), "Esys_SetTimeout"); !st) return st.error();
  return esys;
}

Result<PrimaryKey> Esys::create_primary(ESYS_TR hierarchy, const TPM2B_PUBLIC& in_public) {
  const TPM2B_SENSITIVE_CREATE sensitive{};
  const TPM2B_DATA outside_info{};
  const TPML_PCR_SELECTION creation_pcr{};
  ESYS_TR handle = ESYS_TR_NONE;
  TPM2B_PUBLIC* out_public = nullptr;
  TPM2B_CREATION_DATA* creation_data = nullptr;
  TPM2B_DIGEST* creation_hash = nullptr;
  TPMT_TK_CREATION* creation_ticket = nullptr;
  const TSS2_RC rc = Esys_CreatePrimary(ctx_.get(), hierarchy, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                        &sensitive, &in_public, &outside_info, &creation_pcr, &handle, &out_public,
                                        &creation_data, &creation_hash, &creation_ticket);
  PrimaryKey key{Flushed(ctx_.get(), handle), EsysOut<TPM2B_PUBLIC>(out_public)};
  Esys_Free(creation_data);
  Esys_Free(creation_hash);
  Esys_Free(creation_ticket);
  if (auto st = check(rc, "Esys_CreatePrimary"); !st) return st.error();
  return key;
}

Result<EsysOut<TPM2B_NAME>> Esys::read_name(ESYS_TR object) {
  TPM2B_PUBLIC* out_public = nullptr;
  TPM2B_NAME* name = nullptr;
  TPM2B_NAME* qualified = nullptr;
  const TSS2_RC rc =
      Esys_ReadPublic(ctx_.get(), object, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &out_public, &name, &qualified);
  EsysOut<TPM2B_NAME> out(name);
  Esys_Free(out_public);
  Esys_Free(qualified);
  if (auto st = check(rc, "Esys_ReadPublic"); !st) return st.error();
  return out;
}

Result<QuoteOut> Esys::quote(ESYS_TR ak, const TPM2B_DATA& nonce, const TPML_PCR_SELECTION& pcrs) {
  TPMT_SIG_SCHEME scheme{};
  scheme.scheme = TPM2_ALG_NULL;  // the AK's own (restricted) scheme
  TPM2B_ATTEST* quoted = nullptr;
  TPMT_SIGNATURE* signature = nullptr;
  const TSS2_RC rc = Esys_Quote(ctx_.get(), ak, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &nonce, &scheme, &pcrs,
                                &quoted, &signature);
  QuoteOut out{EsysOut<TPM2B_ATTEST>(quoted), EsysOut<TPMT_SIGNATURE>(signature)};
  if (auto st = check(rc, "Esys_Quote"); !st) return st.error();
  return out;
}

Result<PcrReadOut> Esys::pcr_read(const TPML_PCR_SELECTION& pcrs) {
  UINT32 update_counter = 0;
  TPML_PCR_SELECTION* selection = nullptr;
  TPML_DIGEST* values = nullptr;
  const TSS2_RC rc = Esys_PCR_Read(ctx_.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pcrs, &update_counter,
                                   &selection, &values);
  PcrReadOut out{EsysOut<TPML_PCR_SELECTION>(selection), EsysOut<TPML_DIGEST>(values)};
  if (auto st = check(rc, "Esys_PCR_Read"); !st) return st.error();
  return out;
}

Result<std::uint32_t> Esys::tpm_property(TPM2_PT property) {
  TPMI_YES_NO more = TPM2_NO;
  TPMS_CAPABILITY_DATA* data = nullptr;
  const TSS2_RC rc = Esys_GetCapability(ctx_.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                        TPM2_CAP_TPM_PROPERTIES, property, 1, &more, &data);
  EsysOut<TPMS_CAPABILITY_DATA> out(data);
  if (auto st = check(rc, "Esys_GetCapability(TPM_PROPERTIES)"); !st) return st.error();
  const auto& props = out->data.tpmProperties;
  if (props.count < 1 || props.tpmProperty[0].property != property) {
    return make_error(ErrorKind::protocol, "Esys_GetCapability: TPM property " + std::to_string(property) +
                                               " not reported");
  }
  return props.tpmProperty[0].value;
}

Result<EsysOut<TPMS_CAPABILITY_DATA>> Esys::handles(TPM2_HC first, std::uint32_t count) {
  TPMI_YES_NO more = TPM2_NO;
  TPMS_CAPABILITY_DATA* data = nullptr;
  const TSS2_RC rc = Esys_GetCapability(ctx_.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_HANDLES,
                                        first, count, &more, &data);
  EsysOut<TPMS_CAPABILITY_DATA> out(data);
  if (auto st = check(rc, "Esys_GetCapability(HANDLES)"); !st) return st.error();
  return out;
}

Result<ESYS_TR> Esys::object_at(TPM2_HANDLE handle) {
  ESYS_TR object = ESYS_TR_NONE;
  const TSS2_RC rc = Esys_TR_FromTPMPublic(ctx_.get(), handle, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &object);
  if (auto st = check(rc, "Esys_TR_FromTPMPublic"); !st) return st.error();
  return object;  // ESAPI metadata only; released by Esys_Finalize
}

Status Esys::evict_control(ESYS_TR object, TPM2_HANDLE persistent_handle) {
  ESYS_TR persistent = ESYS_TR_NONE;  // ESAPI metadata only; released by Esys_Finalize
  const TSS2_RC rc = Esys_EvictControl(ctx_.get(), ESYS_TR_RH_OWNER, object, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                       ESYS_TR_NONE, persistent_handle, &persistent);
  return check(rc, "Esys_EvictControl");
}

Result<EsysOut<TPM2B_NV_PUBLIC>> Esys::nv_read_public(ESYS_TR nv) {
  TPM2B_NV_PUBLIC* nv_public = nullptr;
  TPM2B_NAME* name = nullptr;
  const TSS2_RC rc =
      Esys_NV_ReadPublic(ctx_.get(), nv, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &nv_public, &name);
  EsysOut<TPM2B_NV_PUBLIC> out(nv_public);
  Esys_Free(name);
  if (auto st = check(rc, "Esys_NV_ReadPublic"); !st) return st.error();
  return out;
}

Result<EsysOut<TPM2B_MAX_NV_BUFFER>> Esys::nv_read(ESYS_TR auth, ESYS_TR nv, std::uint16_t size,
                                                   std::uint16_t offset) {
  TPM2B_MAX_NV_BUFFER* data = nullptr;
  const TSS2_RC rc =
      Esys_NV_Read(ctx_.get(), auth, nv, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, size, offset, &data);
  EsysOut<TPM2B_MAX_NV_BUFFER> out(data);
  if (auto st = check(rc, "Esys_NV_Read"); !st) return st.error();
  return out;
}

Result<Flushed> Esys::endorsement_policy_session() {
  TPMT_SYM_DEF symmetric{};
  symmetric.algorithm = TPM2_ALG_NULL;
  ESYS_TR session = ESYS_TR_NONE;
  const TSS2_RC rc = Esys_StartAuthSession(ctx_.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                           ESYS_TR_NONE, nullptr, TPM2_SE_POLICY, &symmetric, TPM2_ALG_SHA256,
                                           &session);
  Flushed guard(ctx_.get(), session);
  if (auto st = check(rc, "Esys_StartAuthSession(policy)"); !st) return st.error();
  TPM2B_TIMEOUT* timeout = nullptr;
  TPMT_TK_AUTH* ticket = nullptr;
  const TSS2_RC policy_rc = Esys_PolicySecret(ctx_.get(), ESYS_TR_RH_ENDORSEMENT, session, ESYS_TR_PASSWORD,
                                              ESYS_TR_NONE, ESYS_TR_NONE, nullptr, nullptr, nullptr, 0, &timeout,
                                              &ticket);
  Esys_Free(timeout);
  Esys_Free(ticket);
  if (auto st = check(policy_rc, "Esys_PolicySecret(endorsement)"); !st) return st.error();
  return guard;
}

Result<EsysOut<TPM2B_DIGEST>> Esys::activate_credential(ESYS_TR ak, ESYS_TR ek, ESYS_TR ek_session,
                                                        const TPM2B_ID_OBJECT& blob,
                                                        const TPM2B_ENCRYPTED_SECRET& secret) {
  TPM2B_DIGEST* cert_info = nullptr;
  const TSS2_RC rc = Esys_ActivateCredential(ctx_.get(), ak, ek, ESYS_TR_PASSWORD, ek_session, ESYS_TR_NONE, &blob,
                                             &secret, &cert_info);
  EsysOut<TPM2B_DIGEST> out(cert_info);
  if (auto st = check(rc, "Esys_ActivateCredential"); !st) return st.error();
  return out;
}

}  // namespace attest::tpm
