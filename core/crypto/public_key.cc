#include "core/crypto/public_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>
#include <vector>

namespace knox::crypto {

struct PublicKey::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};

const EVP_MD* MdFor(Digest d) {
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

size_t CoordinateSize(KeyType type) {
  switch (type) {
    case KeyType::kEcP256:
      return 32;
    case KeyType::kEcP384:
      return 48;
    case KeyType::kEcP521:
      return 66;
    default:
      return 0;
  }
}

const char* GroupName(KeyType type) {
  switch (type) {
    case KeyType::kEcP256:
      return "prime256v1";
    case KeyType::kEcP384:
      return "secp384r1";
    default:
      return "secp521r1";
  }
}

// r || s (each `half` bytes) as the DER ECDSA-Sig-Value OpenSSL verifies.
std::string EcdsaRawToDer(std::string_view raw, size_t half) {
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (sig == nullptr) return {};
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(half),
                        nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data() + half),
                        static_cast<int>(half), nullptr);
  std::string der;
  if (r != nullptr && s != nullptr && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = nullptr;  // owned by sig now
    const int len = i2d_ECDSA_SIG(sig, nullptr);
    if (len > 0) {
      der.resize(static_cast<size_t>(len));
      auto* p = reinterpret_cast<unsigned char*>(der.data());
      if (i2d_ECDSA_SIG(sig, &p) != len) der.clear();
    }
  }
  BN_free(r);
  BN_free(s);
  ECDSA_SIG_free(sig);
  return der;
}

Result<EVP_PKEY*> FromParams(const char* algorithm, OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0 || pkey == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "public key: invalid key parameters");
  }
  return pkey;
}

}  // namespace

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC P-256";
    case KeyType::kEcP384:
      return "EC P-384";
    case KeyType::kEcP521:
      return "EC P-521";
    case KeyType::kEd25519:
      return "Ed25519";
  }
  return "?";
}

Result<PublicKey> PublicKey::Wrap(void* raw) {
  auto* pkey = static_cast<EVP_PKEY*>(raw);
  auto key = std::make_shared<Key>();
  key->pkey = pkey;
  const int id = EVP_PKEY_get_base_id(pkey);
  if (id == EVP_PKEY_RSA) {
    if (EVP_PKEY_get_bits(pkey) < 1024) {
      return Fail(ErrorCode::kInvalidArgument, "public key: RSA keys under 1024 bits are refused");
    }
    return PublicKey(std::move(key), KeyType::kRsa);
  }
  if (id == EVP_PKEY_ED25519) return PublicKey(std::move(key), KeyType::kEd25519);
  if (id == EVP_PKEY_EC) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &len) != 1) {
      return Fail(ErrorCode::kInvalidArgument, "public key: EC key without a named curve");
    }
    const std::string_view name(group, len);
    if (name == "prime256v1") return PublicKey(std::move(key), KeyType::kEcP256);
    if (name == "secp384r1") return PublicKey(std::move(key), KeyType::kEcP384);
    if (name == "secp521r1") return PublicKey(std::move(key), KeyType::kEcP521);
    return Fail(ErrorCode::kInvalidArgument,
                "public key: EC curve " + std::string(name) + " is not one JWS uses");
  }
  return Fail(ErrorCode::kInvalidArgument,
              "public key: only RSA, EC (P-256/384/521) and Ed25519 keys are supported");
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "public key: this is a private key; give the public key (openssl pkey -pubout)");
  }
  if (pem.find("-----BEGIN ") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "public key: not PEM");
  }
  if (pem.size() > (size_t{1} << 20)) {
    return Fail(ErrorCode::kLimitExceeded, "public key: PEM text over 1 MiB");
  }
  auto open = [&] {
    return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  };
  if (pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
    auto bio = open();
    X509* cert = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (cert == nullptr) return Fail(ErrorCode::kInvalidArgument, "public key: bad certificate");
    EVP_PKEY* pkey = X509_get_pubkey(cert);
    X509_free(cert);
    if (pkey == nullptr) return Fail(ErrorCode::kInvalidArgument, "public key: bad certificate");
    return Wrap(pkey);
  }
  // SubjectPublicKeyInfo ("PUBLIC KEY") or PKCS #1 ("RSA PUBLIC KEY"), through OpenSSL 3's
  // decoders.
  EVP_PKEY* pkey = nullptr;
  OSSL_DECODER_CTX* dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, "PEM", nullptr, nullptr,
                                                         EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
  auto bio = open();
  const bool ok = dctx != nullptr && bio && OSSL_DECODER_from_bio(dctx, bio.get()) == 1;
  OSSL_DECODER_CTX_free(dctx);
  if (!ok || pkey == nullptr) {
    EVP_PKEY_free(pkey);
    return Fail(ErrorCode::kInvalidArgument, "public key: bad PUBLIC KEY PEM");
  }
  return Wrap(pkey);
}

Result<PublicKey> PublicKey::FromRsa(std::string_view n, std::string_view e) {
  if (n.empty() || e.empty() || n.size() > 2048 || e.size() > 16) {
    return Fail(ErrorCode::kInvalidArgument, "public key: bad RSA modulus or exponent size");
  }
  std::unique_ptr<BIGNUM, BnFree> bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                                                 static_cast<int>(n.size()), nullptr));
  std::unique_ptr<BIGNUM, BnFree> bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                                                 static_cast<int>(e.size()), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return Fail(ErrorCode::kInternal, "public key: out of memory");
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Fail(ErrorCode::kInternal, "public key: out of memory");
  auto pkey = FromParams("RSA", params.get());
  if (!pkey) return std::unexpected(pkey.error());
  return Wrap(*pkey);
}

Result<PublicKey> PublicKey::FromEcPoint(std::string_view curve, std::string_view x,
                                         std::string_view y) {
  KeyType type;
  if (curve == "P-256") {
    type = KeyType::kEcP256;
  } else if (curve == "P-384") {
    type = KeyType::kEcP384;
  } else if (curve == "P-521") {
    type = KeyType::kEcP521;
  } else {
    return Fail(ErrorCode::kInvalidArgument, "public key: unsupported EC curve");
  }
  const size_t size = CoordinateSize(type);
  if (x.size() != size || y.size() != size) {
    return Fail(ErrorCode::kInvalidArgument, "public key: EC coordinates of the wrong size");
  }
  std::string point = "\x04";
  point.append(x);
  point.append(y);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, GroupName(type), 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Fail(ErrorCode::kInternal, "public key: out of memory");
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return Fail(ErrorCode::kInternal, "public key: out of memory");
  auto pkey = FromParams("EC", params.get());
  if (!pkey) return Fail(ErrorCode::kInvalidArgument, "public key: EC point not on the curve");
  // EVP_PKEY_fromdata does not check that the point lies on the curve: do it here.
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, *pkey, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    EVP_PKEY_free(*pkey);
    return Fail(ErrorCode::kInvalidArgument, "public key: EC point not on the curve");
  }
  return Wrap(*pkey);
}

Result<PublicKey> PublicKey::FromEd25519(std::string_view x) {
  if (x.size() != 32)
    return Fail(ErrorCode::kInvalidArgument, "public key: Ed25519 keys are 32 bytes");
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size());
  if (pkey == nullptr) return Fail(ErrorCode::kInvalidArgument, "public key: bad Ed25519 key");
  return Wrap(pkey);
}

int PublicKey::bits() const { return EVP_PKEY_get_bits(key_->pkey); }

bool PublicKey::Verify(SignatureScheme scheme, Digest digest, std::string_view data,
                       std::string_view signature) const {
  const bool rsa_scheme =
      scheme == SignatureScheme::kRsaPkcs1 || scheme == SignatureScheme::kRsaPss;
  if (rsa_scheme != (type_ == KeyType::kRsa)) return false;
  if ((scheme == SignatureScheme::kEd25519) != (type_ == KeyType::kEd25519)) return false;
  std::string der;
  std::string_view sig = signature;
  if (scheme == SignatureScheme::kEcdsa) {
    const size_t half = CoordinateSize(type_);
    if (half == 0 || signature.size() != 2 * half) return false;
    der = EcdsaRawToDer(signature, half);
    if (der.empty()) return false;
    sig = der;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  EVP_PKEY_CTX* pctx = nullptr;
  const EVP_MD* md = scheme == SignatureScheme::kEd25519 ? nullptr : MdFor(digest);
  if (EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key_->pkey) != 1) return false;
  if (scheme == SignatureScheme::kRsaPss) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1) {
      return false;
    }
  } else if (scheme == SignatureScheme::kRsaPkcs1) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::string PublicKey::ToPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_->pkey) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

}  // namespace knox::crypto
