// The trust anchors of switch integrity evidence: Cisco's SUDI roots, kept in
// tpm-roots/cisco-sudi/ (a subdirectory, so EK enrollment never trusts them).
#include <openssl/pem.h>

#include "attest/config/golden_loader.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"

namespace attest {
namespace {

constexpr std::string_view kSudiRoots = "tpm-roots/cisco-sudi/";

bool is_root_file(const std::string& rel) {
  return rel.size() > kSudiRoots.size() + 4 && rel.compare(0, kSudiRoots.size(), kSudiRoots) == 0 &&
         rel.find('/', kSudiRoots.size()) == std::string::npos && rel.ends_with(".pem");
}

// Every certificate of one PEM file, as DER.
Status read_pem(const std::string& pem, const std::string& path, std::vector<Bytes>& out) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::size_t found = 0;
  while (bio) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    if (size <= 0) return make_error(ErrorKind::input, path + ": certificate " + std::to_string(found + 1) + " does not encode");
    out.emplace_back(der, der + size);
    OPENSSL_free(der);
    ++found;
  }
  openssl_error_text();  // the end of the file queues a "no start line" error
  if (found == 0) return make_error(ErrorKind::input, path + ": no PEM certificate");
  return ok_status();
}

}  // namespace

Status load_sudi_roots(const sign::DbFiles& files, const std::string& dir, GoldenDb& db) {
  for (const auto& [rel, bytes] : files) {
    if (!is_root_file(rel)) continue;
    if (auto st = read_pem(bytes, dir + "/" + rel, db.sudi_roots_der); !st) return st;
  }
  return ok_status();
}

}  // namespace attest
