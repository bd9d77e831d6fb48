// The one thin wrapper over tpm2-tss ESAPI (tpm2-tools' lib/tpm2.c, in C++):
// it owns the TCTI and ESYS contexts, the transient objects and sessions
// (flushed on scope exit), and turns every TSS2_RC into an Error naming the
// failing call and the decoded rc. Nothing else in attest calls Esys_*.
#pragma once

#include <tss2/tss2_esys.h>

#include <cstdint>
#include <memory>
#include <string>

#include "attest/tpm/agent/deadline.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

// "Esys_Quote: tpm:error(2.0): ..." as an Error (kind protocol: the TPM or
// the TCTI refused; both mean exit 3 at the CLI).
Error tss_error(const char* call, TSS2_RC rc);

// ESAPI output structures are allocated by ESAPI and freed with Esys_Free.
struct EsysFree {
  void operator()(void* p) const { Esys_Free(p); }
};
template <typename T>
using EsysOut = std::unique_ptr<T, EsysFree>;

// A transient object or a session handle, flushed from the TPM on scope exit:
// without a resource manager swtpm has 3 object slots (else TPM_RC 0x902).
class Flushed {
 public:
  Flushed(ESYS_CONTEXT* ctx, ESYS_TR handle) : ctx_(ctx), handle_(handle) {}
  ~Flushed();
  Flushed(Flushed&& other) noexcept : ctx_(other.ctx_), handle_(other.handle_) { other.handle_ = ESYS_TR_NONE; }
  Flushed& operator=(Flushed&&) = delete;
  Flushed(const Flushed&) = delete;
  Flushed& operator=(const Flushed&) = delete;
  ESYS_TR get() const { return handle_; }

 private:
  ESYS_CONTEXT* ctx_;
  ESYS_TR handle_;
};

struct PrimaryKey {
  Flushed handle;
  EsysOut<TPM2B_PUBLIC> public_area;
};

struct PcrReadOut {
  EsysOut<TPML_PCR_SELECTION> selection;
  EsysOut<TPML_DIGEST> values;
};

struct QuoteOut {
  EsysOut<TPM2B_ATTEST> quoted;
  EsysOut<TPMT_SIGNATURE> signature;
};

// One TPM connection. Every call reports progress to the deadline (see
// deadline.hpp) so a TPM that stops answering becomes ErrorKind::timeout.
class Esys {
 public:
  // `tcti` as for Tss2_TctiLdr_Initialize ("swtpm:host=...,port=..."); empty
  // for the tctildr default (/dev/tpmrm0, /dev/tpm0, swtpm, mssim).
  static Result<Esys> open(const std::string& tcti, Progress& progress);

  [[nodiscard]] Result<PrimaryKey> create_primary(ESYS_TR hierarchy, const TPM2B_PUBLIC& in_public);
  [[nodiscard]] Result<EsysOut<TPM2B_NAME>> read_name(ESYS_TR object);
  [[nodiscard]] Result<QuoteOut> quote(ESYS_TR ak, const TPM2B_DATA& nonce, const TPML_PCR_SELECTION& pcrs);
  [[nodiscard]] Result<PcrReadOut> pcr_read(const TPML_PCR_SELECTION& pcrs);
  // One TPM property (TPM2_CAP_TPM_PROPERTIES), e.g. TPM2_PT_NV_BUFFER_MAX.
  [[nodiscard]] Result<std::uint32_t> tpm_property(TPM2_PT property);
  // Handles present in [first, first + count): NV indices, persistent objects.
  [[nodiscard]] Result<EsysOut<TPMS_CAPABILITY_DATA>> handles(TPM2_HC first, std::uint32_t count);
  // An ESAPI object for an existing NV index or persistent object (ESAPI
  // reads its public area).
  [[nodiscard]] Result<ESYS_TR> object_at(TPM2_HANDLE handle);
  // TPM2_EvictControl with owner authorization: makes the transient `object`
  // persistent at `persistent_handle` (the transient copy stays, to be flushed).
  [[nodiscard]] Status evict_control(ESYS_TR object, TPM2_HANDLE persistent_handle);
  [[nodiscard]] Result<EsysOut<TPM2B_NV_PUBLIC>> nv_read_public(ESYS_TR nv);
  [[nodiscard]] Result<EsysOut<TPM2B_MAX_NV_BUFFER>> nv_read(ESYS_TR auth, ESYS_TR nv, std::uint16_t size,
                                                             std::uint16_t offset);
  // A SHA-256 policy session that has satisfied PolicySecret(TPM_RH_ENDORSEMENT):
  // the authorization the TCG default EK's authPolicy asks for.
  [[nodiscard]] Result<Flushed> endorsement_policy_session();
  [[nodiscard]] Result<EsysOut<TPM2B_DIGEST>> activate_credential(ESYS_TR ak, ESYS_TR ek, ESYS_TR ek_session,
                                                                  const TPM2B_ID_OBJECT& blob,
                                                                  const TPM2B_ENCRYPTED_SECRET& secret);

 private:
  struct TctiDeleter {
    void operator()(TSS2_TCTI_CONTEXT* p) const;
  };
  struct ContextDeleter {
    void operator()(ESYS_CONTEXT* p) const;
  };
  explicit Esys(Progress& progress) : progress_(&progress) {}
  // Error for a failed call, progress for an answered one.
  Status check(TSS2_RC rc, const char* call);

  // Declared in this order so the ESYS context is finalized before its TCTI.
  std::unique_ptr<TSS2_TCTI_CONTEXT, TctiDeleter> tcti_;
  std::unique_ptr<ESYS_CONTEXT, ContextDeleter> ctx_;
  Progress* progress_;
};

}  // namespace attest::tpm
