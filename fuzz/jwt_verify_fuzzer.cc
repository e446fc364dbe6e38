// JWT verification past the signature (core/token/jwt.cc, core/crypto/public_key.cc): the harness
// signs whatever header and claims the input holds, with the alg the first byte picks — HS256/384/
// 512 with a fixed secret, RS/PS with an RSA key, ES256/384/512 with P-256/384/521 keys, EdDSA with
// an Ed25519 key (keys made at start-up) — so that every input reaches the header rules, the
// signature check of each algorithm family and PyJWT's claim rules, at a fixed time.
// Input: byte 0 the signing alg, byte 1 flags (kids and algs on the public keys, --digest, strict,
// a tampered signature), then "HEADER\nPAYLOAD" (raw bytes, base64url-encoded by the harness; with
// no newline, HEADER is {"alg":ALG,"typ":"JWT"}).
// Properties of a token that verifies:
//   - its header names the alg it was signed with (no alg confusion: RS vs PS, key sizes, curves);
//   - integer claims hold PyJWT's rules at the verifier's time: exp strictly later, nbf and iat
//     not later; an object `aud` claim or a true one is never accepted;
//   - it does not verify under the other kind of key (an HS token under public keys, an
//     RS/PS/ES/EdDSA token under the secret), nor with one signature bit flipped;
//   - keyless Decode reads it and JwtHeaderAlg names its alg; for HS tokens the crack plan
//     reproduces the MAC from the secret.
// And: --digest sha1 is refused, with secrets and with public keys.
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/base64.h"
#include "core/base/clock.h"
#include "core/crypto/hmac.h"
#include "core/crypto/public_key.h"
#include "core/token/jwt.h"
#include "core/token/mac_plan.h"

namespace {

using knox::crypto::Digest;
using knox::token::Options;

constexpr int64_t kNow = 1'700'000'000;
constexpr std::string_view kSecret = "fuzz-jwt-secret-0123456789";

enum class Family { kHs, kRs, kPs, kEs, kEd };

struct Alg {
  std::string_view name;
  Family family;
  Digest digest;
  size_t key;  // index into Keys().pkeys (unused for HS)
};

constexpr std::array<Alg, 13> kAlgs = {{
    {"HS256", Family::kHs, Digest::kSha256, 0},
    {"HS384", Family::kHs, Digest::kSha384, 0},
    {"HS512", Family::kHs, Digest::kSha512, 0},
    {"RS256", Family::kRs, Digest::kSha256, 0},
    {"RS384", Family::kRs, Digest::kSha384, 0},
    {"RS512", Family::kRs, Digest::kSha512, 0},
    {"PS256", Family::kPs, Digest::kSha256, 0},
    {"PS384", Family::kPs, Digest::kSha384, 0},
    {"PS512", Family::kPs, Digest::kSha512, 0},
    {"ES256", Family::kEs, Digest::kSha256, 1},
    {"ES384", Family::kEs, Digest::kSha384, 2},
    {"ES512", Family::kEs, Digest::kSha512, 3},
    {"EdDSA", Family::kEd, Digest::kSha512, 4},
}};

// The private keys (RSA 1536 for speed: PS512 needs over 1040 bits, knox refuses under 1024) and
// their public halves as knox loads them.
struct KeySet {
  std::array<EVP_PKEY*, 5> pkeys{};
  std::vector<knox::crypto::PublicKey> publics;
};

std::string PublicPem(EVP_PKEY* pkey) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio, pkey) != 1) std::abort();
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

const KeySet& Keys() {
  static const KeySet keys = [] {
    KeySet k;
    k.pkeys[0] = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1536});
    k.pkeys[1] = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    k.pkeys[2] = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    k.pkeys[3] = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
    k.pkeys[4] = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    for (EVP_PKEY* p : k.pkeys) {
      if (p == nullptr) std::abort();
      auto pub = knox::crypto::PublicKey::FromPem(PublicPem(p));
      if (!pub) std::abort();
      k.publics.push_back(std::move(*pub));
    }
    return k;
  }();
  return keys;
}

const EVP_MD* Md(Digest d) {
  switch (d) {
    case Digest::kSha1:
      return EVP_sha1();
    case Digest::kSha256:
      return EVP_sha256();
    case Digest::kSha384:
      return EVP_sha384();
    case Digest::kSha512:
      return EVP_sha512();
  }
  return nullptr;
}

// JWS's raw R || S from OpenSSL's DER ECDSA signature.
std::string EcdsaDerToRaw(const std::string& der, size_t half) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) std::abort();
  std::string raw(2 * half, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, static_cast<int>(half)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + half, static_cast<int>(half)) < 0) {
    std::abort();
  }
  ECDSA_SIG_free(sig);
  return raw;
}

std::string SignAsymmetric(const Alg& alg, std::string_view input) {
  EVP_PKEY* pkey = Keys().pkeys[alg.key];
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  const EVP_MD* md = alg.family == Family::kEd ? nullptr : Md(alg.digest);
  if (ctx == nullptr || EVP_DigestSignInit(ctx, &pctx, md, nullptr, pkey) != 1) std::abort();
  if (alg.family == Family::kPs &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    std::abort();
  }
  const auto* msg = reinterpret_cast<const unsigned char*>(input.data());
  size_t len = 0;
  if (EVP_DigestSign(ctx, nullptr, &len, msg, input.size()) != 1) std::abort();
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, msg, input.size()) !=
      1) {
    std::abort();
  }
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  if (alg.family != Family::kEs) return sig;
  const size_t half = alg.key == 1 ? 32 : alg.key == 2 ? 48 : 66;
  return EcdsaDerToRaw(sig, half);
}

std::string B64(std::string_view bytes) {
  return knox::Base64Encode(bytes, knox::Base64Alphabet::kUrl, knox::Base64Padding::kUnpadded);
}

struct Verifiers {
  std::unique_ptr<knox::token::Signer> with_secret;
  std::unique_ptr<knox::token::Signer> with_keys;
};

Verifiers MakeVerifiers(const Alg& alg, uint8_t flags, const knox::Clock& clock) {
  static constexpr std::array<std::string_view, 5> kKids = {"rsa", "p256", "p384", "p521", "ed"};
  static constexpr std::array<std::string_view, 5> kEntryAlgs = {"RS256", "ES256", "ES384", "ES512",
                                                                 "EdDSA"};
  Options o;
  o.clock = &clock;
  o.strict = (flags & 8) != 0;
  if ((flags & 4) != 0) o.digest = alg.digest;
  Options secret = o;
  secret.secrets.emplace_back(kSecret);
  Options keys = o;
  for (size_t i = 0; i < Keys().publics.size(); ++i) {
    keys.public_keys.push_back({.key = Keys().publics[i],
                                .kid = (flags & 1) != 0 ? std::string(kKids[i]) : "",
                                .alg = (flags & 2) != 0 ? std::string(kEntryAlgs[i]) : ""});
  }
  for (Options* sha1 : {&secret, &keys}) {  // --digest sha1 is refused either way
    Options bad = *sha1;
    bad.digest = Digest::kSha1;
    if (knox::token::JwtCodec().NewSigner(bad)) std::abort();
  }
  auto a = knox::token::JwtCodec().NewSigner(secret);
  auto b = knox::token::JwtCodec().NewSigner(keys);
  if (!a || !b) std::abort();
  return {std::move(*a), std::move(*b)};
}

void Require(bool ok) {
  if (!ok) std::abort();
}

// PyJWT's rules on the claims of an accepted token, where the claim is a plain integer.
void CheckClaims(const std::string& claims_text) {
  auto claims = knox::token::ParseJson(claims_text, {});
  if (!claims) {  // only Python's constants (NaN, Infinity), which json.loads reads, are not JSON
    Require(claims_text.find("NaN") != std::string::npos ||
            claims_text.find("Infinity") != std::string::npos);
    return;
  }
  Require(claims->is_object());
  auto integer = [&](const char* name) -> std::optional<int64_t> {
    auto it = claims->find(name);
    if (it == claims->end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
  };
  if (auto exp = integer("exp")) Require(*exp > kNow);
  if (auto nbf = integer("nbf")) Require(*nbf <= kNow);
  if (auto iat = integer("iat")) Require(*iat <= kNow);
  if (auto aud = claims->find("aud"); aud != claims->end()) {
    Require(!(aud->is_boolean() && aud->get<bool>()) && !(aud->is_object() && !aud->empty()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const knox::FakeClock clock = knox::FakeClock::AtSeconds(kNow);
  const Alg& alg = kAlgs[data[0] % kAlgs.size()];
  const uint8_t flags = data[1];
  std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string header = "{\"alg\":\"" + std::string(alg.name) + "\",\"typ\":\"JWT\"}";
  std::string_view payload = rest;
  if (size_t nl = rest.find('\n'); nl != std::string_view::npos) {
    header = std::string(rest.substr(0, nl));
    payload = rest.substr(nl + 1);
  }
  const std::string input = B64(header) + "." + B64(payload);
  const std::string signature = alg.family == Family::kHs
                                    ? knox::crypto::Hmac(alg.digest, kSecret, input)
                                    : SignAsymmetric(alg, input);
  const std::string token = input + "." + B64(signature);
  const Verifiers v = MakeVerifiers(alg, flags, clock);
  const bool hs = alg.family == Family::kHs;
  const knox::token::Signer& right = hs ? *v.with_secret : *v.with_keys;
  const knox::token::Signer& wrong = hs ? *v.with_keys : *v.with_secret;
  auto verified = right.Verify(token);
  if ((flags & 16) != 0) {  // one bit of the signature flipped: never verifies
    std::string flipped = signature;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
    Require(!right.Verify(input + "." + B64(flipped)));
  }
  if (!verified) return 0;
  Require(knox::token::JwtHeaderAlg(token) == alg.name);
  CheckClaims(verified->value);
  Require(!wrong.Verify(token));
  Require(knox::token::JwtCodec().Decode(token, {}).has_value());
  if (hs) {
    Options o;
    if ((flags & 4) != 0) o.digest = alg.digest;
    if (auto plan = knox::token::JwtCodec().PlanMac(o, token, "")) {
      Require(knox::crypto::Hmac(plan->digest, knox::token::DerivePlanKey(*plan, kSecret),
                                 plan->message) == plan->mac);
    }
  }
  return 0;
}
