#include "conformance/flows/jwt_probe.h"

#include <nlohmann/json.hpp>

#include "core/token/jwt.h"
#include "core/token/jwt_forge.h"

namespace knox::flows {
namespace {

using nlohmann::json;

bool IsJwtView(const TokenView& view) {
  return view.decoded &&
         (view.kind == checks::SessionKind::kJwt || view.kind == checks::SessionKind::kBearerJwt ||
          (view.format && *view.format == "jwt"));
}

// A try's verdict: accepted (true), refused (false), or nullopt when it was never answered.
std::optional<bool> Accepted(const TamperObservation& tamper, std::string_view what) {
  for (const TamperTry& t : tamper.tries) {
    if (t.what != what) continue;
    if (!t.access) return std::nullopt;
    return t.access->granted;
  }
  return std::nullopt;
}

Decision<bool> FromTry(const TamperObservation& tamper, std::string_view what) {
  using D = Decision<bool>;
  if (!tamper.control) return D::Undecided("the unmodified token could not be replayed");
  if (!tamper.control->granted) return D::Undecided("the unmodified token was refused on replay");
  auto accepted = Accepted(tamper, what);
  if (!accepted) return D::Undecided("the " + std::string(what) + " token was not answered");
  return D::Of(*accepted);
}

}  // namespace

std::string JwtAlg(const TokenView& view) {
  return IsJwtView(view) ? token::JwtHeaderAlg(view.value) : std::string();
}

bool IsAsymmetricAlg(std::string_view alg) {
  return alg.starts_with("RS") || alg.starts_with("PS") || alg.starts_with("ES") || alg == "EdDSA";
}

std::vector<TamperVariant> KeyConfusionVariants(const TokenView& view, const CookiePairs& cookies,
                                                const std::vector<std::string>& pems) {
  std::vector<TamperVariant> out;
  for (const std::string& pem : pems) {
    std::vector<std::string_view> texts = {pem};
    if (pem.ends_with('\n')) texts.push_back(std::string_view(pem).substr(0, pem.size() - 1));
    for (std::string_view text : texts) {
      auto forged = token::ForgeJwt(view.value, token::JwtAttack::kHsWithPublicKey, text);
      if (forged) out.push_back({"key-confusion", Replace(cookies, view.name, *forged)});
    }
  }
  return out;
}

std::optional<std::string> ForgeExpiredJwt(const FoundSecret& found, const TokenView& view,
                                           int64_t now) {
  if (!IsJwtView(view) || !view.decoded->expires) return std::nullopt;
  json claims = json::parse(view.decoded->payload, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::nullopt;
  const int64_t shift = *view.decoded->expires - (now - 60);
  for (const char* name : {"exp", "iat", "nbf"}) {
    auto it = claims.find(name);
    if (it != claims.end() && it->is_number()) *it = it->get<int64_t>() - shift;
  }
  token::Options options = found.target.options;
  options.secrets = {found.secret};
  auto signer = found.target.codec->NewSigner(options);
  if (!signer) return std::nullopt;
  auto signed_token = (*signer)->Sign(claims.dump());
  if (!signed_token) return std::nullopt;
  return signed_token->token;
}

JwtDecision DecideJwt(const TokenView& view, const TamperObservation& tamper,
                      const KeyConfusionObservation& confusion) {
  using D = Decision<bool>;
  JwtDecision d;
  d.alg_none_accepted = FromTry(tamper, "alg-none");
  d.signature_stripped_accepted = FromTry(tamper, "signature-stripped");
  if (!IsAsymmetricAlg(confusion.alg)) {
    d.key_confusion_accepted =
        D::Undecided("the token is signed with " +
                     (confusion.alg.empty() ? std::string("an unknown algorithm") : confusion.alg) +
                     ", not a public-key algorithm: there is no public key to confuse");
  } else if (confusion.keys == 0) {
    std::string where;
    for (const std::string& path : confusion.looked_at) where += (where.empty() ? "" : ", ") + path;
    d.key_confusion_accepted = D::Undecided("no public key found (looked at " +
                                            (where.empty() ? std::string("nothing") : where) +
                                            "; name the JWK Set with the profile's [bearer] jwks)");
  } else if (confusion.tries.empty() || !confusion.tries.back().access) {
    d.key_confusion_accepted = D::Undecided("the key-confusion tokens were not answered");
  } else {
    bool accepted = false;
    for (const TamperTry& t : confusion.tries)
      accepted = accepted || (t.access && t.access->granted);
    d.key_confusion_accepted = D::Of(accepted);
  }
  if (view.decoded && view.decoded->is_json) {
    d.exp_missing = D::Of(!view.decoded->expires.has_value());
  } else {
    d.exp_missing = D::Undecided("the token's claims are not readable");
  }
  return d;
}

}  // namespace knox::flows
