#include "conformance/flows/weak_secret.h"

#include <fstream>
#include <memory>
#include <span>
#include <vector>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/known_secrets.h"
#include "conformance/flows/jwt_probe.h"

namespace knox::flows {
namespace {

using checks::SessionKind;
using D = Decision<checks::WeakSecret>;

// The decoded format is preferred: a Starlette cookie is also a valid itsdangerous Signer token.
std::optional<analysis::CrackTarget> TargetFor(std::span<const analysis::CrackTarget> targets,
                                               const crypto::SecretBytes& secret,
                                               std::string_view token, std::string_view sig,
                                               const std::optional<std::string>& preferred) {
  std::vector<const analysis::CrackTarget*> order;
  for (const auto& t : targets) {
    if (preferred && t.codec->name() == *preferred) order.push_back(&t);
  }
  for (const auto& t : targets) {
    if (!preferred || t.codec->name() != *preferred) order.push_back(&t);
  }
  for (const analysis::CrackTarget* tp : order) {
    const analysis::CrackTarget& t = *tp;
    token::Options options = t.options;
    options.secrets = {secret};
    auto signer = t.codec->NewSigner(options);
    if (signer && (*signer)->Verify(token, sig)) return t;
  }
  return std::nullopt;
}

Result<std::unique_ptr<analysis::CandidateSource>> Candidates(const AuditOptions& options,
                                                              std::ifstream& file) {
  std::unique_ptr<analysis::CandidateSource> source = std::make_unique<analysis::RuleSource>(
      std::make_unique<analysis::ListSource>(analysis::KnownSecrets()));
  if (options.wordlist_path.empty()) return source;
  file.open(options.wordlist_path, std::ios::binary);
  if (!file) return Fail(ErrorCode::kInvalidArgument, "cannot read the wordlist");
  return std::unique_ptr<analysis::CandidateSource>(
      std::make_unique<analysis::WordlistSource>(file));
}

void Progress(const AuditOptions& options, std::string_view line) {
  if (options.progress) options.progress(line);
}

}  // namespace

WeakSecretDecision DecideWeakSecret(const TokenView& view, const AuditOptions& options) {
  WeakSecretDecision d;
  // Every format keyed by a password a person chose (signed ids, signed payloads, JWTs and
  // password-sealed ones like iron); random-key formats and undecoded values have no secret to
  // guess.
  if (!view.codec || view.unsigned_candidate || !token::Searchable(view.codec->traits())) {
    d.weak_secret = D::Undecided(view.codec && !view.unsigned_candidate
                                     ? "the format (" + std::string(view.codec->name()) +
                                           ") is keyed with random bytes"
                                     : "no signing format applies to the session cookie");
    return d;
  }
  if (const std::string alg = JwtAlg(view); IsAsymmetricAlg(alg)) {
    d.weak_secret = D::Undecided("the token is signed with " + alg +
                                 " (a private key): there is no shared secret to guess");
    return d;
  }
  auto targets = analysis::PlanTargets({.token = view.value,
                                        .signature = view.signature_cookie.value_or(""),
                                        .cookie_name = view.name});
  if (!targets) {
    d.weak_secret = D::Undecided("no searchable format: " + targets.error().message);
    return d;
  }
  std::ifstream file;
  auto passes = std::vector<bool>{false};
  if (!options.wordlist_path.empty()) passes.push_back(true);
  uint64_t tried = 0;
  for (bool wordlist : passes) {
    AuditOptions pass_options = options;
    if (!wordlist) pass_options.wordlist_path.clear();
    auto source = Candidates(pass_options, file);
    if (!source) {
      d.weak_secret = D::Undecided(source.error().message);
      return d;
    }
    Progress(options, wordlist ? "searching the wordlist for the signing secret"
                               : "searching the bundled list of known secrets");
    auto result = analysis::SearchSecret(*targets, **source, {.threads = options.threads});
    if (!result) {
      d.weak_secret = D::Undecided(result.error().message);
      return d;
    }
    tried += result->candidates;
    if (!result->found) continue;
    // Proof: the format's own codec verifies the token with the secret (its MAC or AEAD tag).
    // Re-signing the decoded payload need not reproduce it: randomised formats (iron's salts and
    // IVs) never do, and a payload whose rendering loses a detail cannot (Rack's session id is a
    // US-ASCII Ruby String, re-encoded as UTF-8).
    const bool randomised = view.codec->traits().payload == token::PayloadKind::kEncrypted;
    const bool faithful = result->resigned_identical || randomised;
    auto target = TargetFor(*targets, result->secret, view.value,
                            view.signature_cookie.value_or(""), view.format);
    if (!faithful && !target) continue;
    d.weak_secret = D::Of(
        checks::WeakSecret{.found = true, .length = result->secret.size(), .candidates = tried},
        faithful ? ""
                 : "weak secret: the MAC verifies; re-signing the decoded payload does not "
                   "reproduce the cookie byte for byte (no token is forged with it)");
    d.sha256_prefix = Sha256Prefix(result->secret.reveal());
    if (options.show_secrets) d.secret = std::string(result->secret.reveal());
    if (!target) return d;
    d.format = std::string(target->codec->name());
    // Forged tokens (an aged one for the expiry probe) only where knox's signing is faithful: a
    // token the server refuses because knox wrote its payload differently proves nothing.
    if (faithful) d.found = FoundSecret{.secret = result->secret, .target = *target};
    return d;
  }
  d.weak_secret =
      D::Of(checks::WeakSecret{.found = false, .candidates = tried},
            "weak secret: " + std::to_string(tried) + " candidates tried, none signs the token");
  return d;
}

}  // namespace knox::flows
