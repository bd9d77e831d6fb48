// Ed25519 keys and signatures: what signs the golden DB manifest and the
// reports. Plain PEM files (PKCS#8 private, SubjectPublicKeyInfo public) and
// raw 64-byte signatures, so an auditor can check everything with stock
// `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in F -sigfile F.sig`.
#pragma once

#include <string>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::sign {

inline constexpr std::size_t kSignatureSize = 64;

// Where the public key of a private key file goes: "x.key" -> "x.pub.pem",
// anything else gets ".pub.pem" appended.
std::string public_key_path_for(const std::string& private_key_path);

// Creates a new key pair: the private key (mode 0600) at `private_path` and
// the public key beside it. Refuses to overwrite either file. Returns the
// public key's path.
[[nodiscard]] Result<std::string> generate_key_files(const std::string& private_path);

// A private key file must be Ed25519 and readable by its owner only.
[[nodiscard]] Result<EvpPkeyPtr> load_private_key(const std::string& path);
// A public key file (PEM SubjectPublicKeyInfo), Ed25519 only.
[[nodiscard]] Result<EvpPkeyPtr> load_public_key(const std::string& path);
[[nodiscard]] Result<EvpPkeyPtr> public_key_from_pem(std::string_view pem, const std::string& what);

// The key's id: sha256 hex of its DER SubjectPublicKeyInfo, i.e. of
// `openssl pkey -pubin -in pub.pem -outform DER | sha256sum`.
std::string key_id(EVP_PKEY* key);

[[nodiscard]] Result<Bytes> sign(EVP_PKEY* private_key, std::string_view message);
bool verify(EVP_PKEY* public_key, std::string_view message, std::string_view signature);

}  // namespace attest::sign
