// PublicKey: a verify-only public key for JWS signatures (RFC 7518 §3.3–3.5, RFC 8037): RSA
// (PKCS #1 v1.5 and PSS), ECDSA on P-256/P-384/P-521, and Ed25519. Built from PEM (`PUBLIC KEY`,
// `RSA PUBLIC KEY` or a `CERTIFICATE`'s key) or from JWK components (RSA n/e, EC x/y, OKP x).
// Private keys are refused: a verifier needs only the public half, and knox does not keep or
// echo private keys.
//
// Signatures are in JWS form: RSA as the raw modulus-length bytes; ECDSA as r || s, each exactly
// the curve's coordinate size (64, 96 or 132 bytes — a DER signature is refused, as JWS requires);
// Ed25519 as the 64 raw bytes. PSS uses MGF1 with the same digest and a salt as long as the
// digest (what RFC 7518 §3.5 and PyJWT use). Verify answers true only for a valid signature; a
// malformed signature is false, never an error. Copyable (shares OpenSSL's refcounted key);
// thread-safe for concurrent Verify.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/digest.h"

namespace knox::crypto {

enum class KeyType { kRsa, kEcP256, kEcP384, kEcP521, kEd25519 };
std::string_view KeyTypeName(KeyType type);  // "RSA", "EC P-256", ..., "Ed25519"

enum class SignatureScheme { kRsaPkcs1, kRsaPss, kEcdsa, kEd25519 };

class PublicKey {
 public:
  // The first PEM block of `pem`. kInvalidArgument for a private key, an unknown key type, an EC
  // curve other than the three above, or text that is not PEM.
  static Result<PublicKey> FromPem(std::string_view pem);
  // Big-endian unsigned modulus and exponent.
  static Result<PublicKey> FromRsa(std::string_view n, std::string_view e);
  // `curve` "P-256", "P-384" or "P-521"; x and y exactly the coordinate size.
  static Result<PublicKey> FromEcPoint(std::string_view curve, std::string_view x,
                                       std::string_view y);
  static Result<PublicKey> FromEd25519(std::string_view x);  // 32 bytes

  KeyType type() const { return type_; }
  int bits() const;  // RSA modulus bits; the curve size otherwise

  // The key as a PEM `PUBLIC KEY` block (SubjectPublicKeyInfo), with OpenSSL's 64-column lines
  // and a final newline — the text most servers keep in their public key file.
  std::string ToPem() const;

  // `digest` is ignored for Ed25519 (EdDSA hashes internally).
  bool Verify(SignatureScheme scheme, Digest digest, std::string_view data,
              std::string_view signature) const;

 private:
  struct Key;
  PublicKey(std::shared_ptr<const Key> key, KeyType type) : key_(std::move(key)), type_(type) {}
  static Result<PublicKey> Wrap(void* evp_pkey);  // takes ownership of an EVP_PKEY*
  std::shared_ptr<const Key> key_;
  KeyType type_;
};

}  // namespace knox::crypto
