#include "attest/sign/ed25519.hpp"

#include <filesystem>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "attest/util/files.hpp"

namespace attest::sign {
namespace {

constexpr std::size_t kMaxKeyFileBytes = 16u << 10;

Error crypto_error(const std::string& what) { return make_error(ErrorKind::crypto, what + ": " + openssl_error_text()); }

Status require_ed25519(EVP_PKEY* key, const std::string& what) {
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    return make_error(ErrorKind::input, what + ": not an Ed25519 key (attest signs with Ed25519 only; see `attest keygen`)");
  }
  return ok_status();
}

Result<std::string> pem_of(EVP_PKEY* key, bool private_part) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return crypto_error("BIO_new");
  const int ok = private_part ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                              : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) return crypto_error("PEM_write");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

std::string public_key_path_for(const std::string& private_key_path) {
  const std::string suffix = ".key";
  if (private_key_path.size() > suffix.size() &&
      private_key_path.compare(private_key_path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return private_key_path.substr(0, private_key_path.size() - suffix.size()) + ".pub.pem";
  }
  return private_key_path + ".pub.pem";
}

Result<std::string> generate_key_files(const std::string& private_path) {
  const std::string public_path = public_key_path_for(private_path);
  for (const auto& p : {private_path, public_path}) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return make_error(ErrorKind::input, p + ": exists; refusing to overwrite a key");
  }
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return crypto_error("Ed25519 key generation");
  auto private_pem = pem_of(key.get(), true);
  if (!private_pem) return private_pem.error();
  auto public_pem = pem_of(key.get(), false);
  if (!public_pem) return public_pem.error();
  if (auto st = write_file_atomic(private_path, *private_pem, 0600); !st) return st.error();
  if (auto st = write_file_atomic(public_path, *public_pem, 0644); !st) return st.error();
  return public_path;
}

Result<EvpPkeyPtr> load_private_key(const std::string& path) {
  auto pem = read_private_file(path, kMaxKeyFileBytes, "signing key");
  if (!pem) return pem.error();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  // No passphrase callback: an encrypted key fails here instead of prompting.
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!key) return make_error(ErrorKind::input, path + ": not a PEM private key: " + openssl_error_text());
  if (auto st = require_ed25519(key.get(), path); !st) return st.error();
  return key;
}

Result<EvpPkeyPtr> public_key_from_pem(std::string_view pem, const std::string& what) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return make_error(ErrorKind::input, what + ": not a PEM public key: " + openssl_error_text());
  if (auto st = require_ed25519(key.get(), what); !st) return st.error();
  return key;
}

Result<EvpPkeyPtr> load_public_key(const std::string& path) {
  auto pem = read_file(path, kMaxKeyFileBytes);
  if (!pem) return pem.error();
  return public_key_from_pem(*pem, path);
}

std::string key_id(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  if (size <= 0) return {};
  std::string out = sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size)));
  OPENSSL_free(der);
  return out;
}

Result<Bytes> sign(EVP_PKEY* private_key, std::string_view message) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  // Ed25519 is "pure": no digest is named, the message goes in whole.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, private_key) != 1) {
    return crypto_error("EVP_DigestSignInit");
  }
  Bytes sig(kSignatureSize);
  std::size_t size = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &size, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 || size != kSignatureSize) {
    return crypto_error("EVP_DigestSign");
  }
  return sig;
}

bool verify(EVP_PKEY* public_key, std::string_view message, std::string_view signature) {
  if (signature.size() != kSignatureSize) return false;
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, public_key) != 1) return false;
  const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                  reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return ok == 1;
}

}  // namespace attest::sign
