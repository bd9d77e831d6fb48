// `agent ek`: the EK certificates from NV and the public keys of the EKs they certify.
#include <tss2/tss2_mu.h>

#include <algorithm>

#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/agent/session.hpp"

namespace attest::tpm {
namespace {

struct EkCertIndex {
  TPM2_HANDLE index;
  const char* key;
};

// TCG EK Credential Profile 2.3, "EK Certificate NV Indices": the low range
// (L-1 RSA 2048, L-2 ECC P-256) and the high range H-1..H-7.
constexpr EkCertIndex kEkCertIndices[] = {
    {0x01c00002, "rsa"}, {0x01c0000a, "ecc"}, {0x01c00012, "rsa"}, {0x01c00014, "ecc"}, {0x01c00016, "ecc"},
    {0x01c00018, "ecc"}, {0x01c0001a, "ecc"}, {0x01c0001c, "rsa"}, {0x01c0001e, "rsa"},
};
constexpr TPM2_HC kEkCertRangeFirst = 0x01c00000;
// The low-range indices: the certificates of the default templates L-1 / L-2.
constexpr TPM2_HANDLE kEkCertL1Rsa = 0x01c00002;
constexpr TPM2_HANDLE kEkCertL2Ecc = 0x01c0000a;

// The NV indices of kEkCertIndices that exist, in one GetCapability: probing
// each with NV_ReadPublic would turn "absent" into TPM errors to filter.
Result<std::vector<TPM2_HANDLE>> present_indices(Esys& esys) {
  auto caps = esys.handles(kEkCertRangeFirst, 64);
  if (!caps) return caps.error();
  const TPML_HANDLE& handles = caps.value()->data.handles;
  std::vector<TPM2_HANDLE> out;
  for (UINT32 i = 0; i < handles.count && i < TPM2_MAX_CAP_HANDLES; ++i) out.push_back(handles.handle[i]);
  return out;
}

// NV_Read in chunks of at most the TPM's NV buffer (TPM_PT_NV_BUFFER_MAX).
Result<Bytes> read_nv(Esys& esys, TPM2_HANDLE index, std::uint32_t chunk) {
  auto nv = esys.object_at(index);
  if (!nv) return nv.error();
  auto pub = esys.nv_read_public(*nv);
  if (!pub) return pub.error();
  const TPMS_NV_PUBLIC& info = pub.value()->nvPublic;
  // EK certificate indices are readable with their own (empty) auth; owner
  // auth is the fallback and fails when the owner password is set.
  const ESYS_TR auth = (info.attributes & TPMA_NV_AUTHREAD) ? *nv : ESYS_TR_RH_OWNER;
  Bytes out;
  out.reserve(info.dataSize);
  while (out.size() < info.dataSize) {
    const auto size = static_cast<std::uint16_t>(std::min<std::size_t>(chunk, info.dataSize - out.size()));
    auto data = esys.nv_read(auth, *nv, size, static_cast<std::uint16_t>(out.size()));
    if (!data) return data.error();
    if (data.value()->size == 0) return make_error(ErrorKind::protocol, "Esys_NV_Read returned no data");
    out.insert(out.end(), data.value()->buffer, data.value()->buffer + data.value()->size);
  }
  return out;
}

Result<std::vector<EkCertificate>> read_certificates(Esys& esys) {
  auto present = present_indices(esys);
  if (!present) return present.error();
  auto buffer_max = esys.tpm_property(TPM2_PT_NV_BUFFER_MAX);
  if (!buffer_max) return buffer_max.error();
  const std::uint32_t chunk = std::clamp<std::uint32_t>(*buffer_max, 1, TPM2_MAX_NV_BUFFER_SIZE);
  std::vector<EkCertificate> out;
  for (const auto& slot : kEkCertIndices) {
    if (std::find(present->begin(), present->end(), slot.index) == present->end()) continue;
    auto der = read_nv(esys, slot.index, chunk);
    if (!der) return der.error();
    out.push_back(EkCertificate{slot.index, slot.key, std::move(*der)});
  }
  return out;
}

bool holds(const std::vector<EkCertificate>& certificates, TPM2_HANDLE index) {
  return std::any_of(certificates.begin(), certificates.end(),
                     [index](const EkCertificate& c) { return c.nv_index == index; });
}

// Creates the EK of `alg` (flushed again on return) and marshals its public area.
Result<Bytes> ek_public(Esys& esys, EkAlg alg) {
  auto ek = create_ek(esys, alg);
  if (!ek) return ek.error();
  return marshal(*ek->public_area, Tss2_MU_TPM2B_PUBLIC_Marshal, "TPM2B_PUBLIC");
}

}  // namespace

Result<EkInfo> read_ek(const AgentOptions& options) {
  return with_tpm<EkInfo>(options, "attest agent ek", [](Esys& esys) -> Result<EkInfo> {
    auto certificates = read_certificates(esys);
    if (!certificates) return certificates.error();
    EkInfo info{std::move(*certificates), {}, {}};
    const bool ecc = holds(info.certificates, kEkCertL2Ecc);
    // Without any low-range certificate the RSA EK is still reported, as before
    // ECC support: the verifier then names the missing certificate.
    if (holds(info.certificates, kEkCertL1Rsa) || !ecc) {
      auto rsa = ek_public(esys, EkAlg::rsa);
      if (!rsa) return rsa.error();
      info.ek_public_rsa = std::move(*rsa);
    }
    if (ecc) {
      auto ecc_public = ek_public(esys, EkAlg::ecc);
      if (!ecc_public) return ecc_public.error();
      info.ek_public_ecc = std::move(*ecc_public);
    }
    return info;
  });
}

}  // namespace attest::tpm
