// `knox-sealed`: knox's own AES-256-GCM sealed cookie (core/seal, docs/sealed.md) as a format
// like any other, so that `knox token`, the fuzzers and the audit see it through the registry.
//
// Options mapping: `secrets` are key texts `k<ID>:<base64url 32 bytes>`, oldest first, the last
// one is the primary (seals), the others only open; `cookie_name` is the cookie name bound into
// the AAD (default "session"); `salt` is the purpose (default "session"); on sign
// `max_age_seconds` is the ttl (expires_at = issued_at + ttl; none when unset) and `timestamp`
// overrides issued_at; verify uses `clock` against the expiry sealed inside. --digest,
// --key-derivation and --sep do not apply and are rejected (kInvalidArgument).
#include <string>
#include <utility>
#include <vector>

#include "core/base/base64.h"
#include "core/seal/seal.h"
#include "core/token/codecs.h"

namespace knox::token {
namespace {

constexpr std::string_view kDefaultName = "session";
constexpr std::string_view kDefaultPurpose = "session";

class SealedSigner final : public Signer {
 public:
  SealedSigner(seal::Keyset keyset, std::vector<uint32_t> ids, const Options& o)
      : keyset_(std::move(keyset)),
        ids_(std::move(ids)),
        name_(o.cookie_name.empty() ? std::string(kDefaultName) : o.cookie_name),
        purpose_(o.salt.value_or(std::string(kDefaultPurpose))),
        timestamp_(o.timestamp),
        ttl_(o.max_age_seconds),
        clock_(o.clock),
        limits_{.max_token_bytes = o.limits.max_token_bytes} {}

  Result<Signed> Sign(std::string_view value) const override {
    const int64_t issued_at = timestamp_.value_or(clock_->NowSeconds());
    auto sealed = seal::Seal(keyset_, name_, purpose_, value, issued_at, ttl_.value_or(0), limits_);
    if (!sealed) return std::unexpected(sealed.error());
    return Signed{.token = std::move(*sealed), .signature = {}};
  }

  Result<Verified> Verify(std::string_view token, std::string_view /*signature*/) const override {
    auto opened = seal::Open(keyset_, name_, purpose_, token, clock_->NowSeconds(), limits_);
    if (!opened) return std::unexpected(opened.error());
    Verified v;
    v.value = std::move(opened->payload);
    v.timestamp = opened->issued_at;
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == opened->key_id) v.key_index = i;
    }
    return v;
  }

 private:
  seal::Keyset keyset_;
  std::vector<uint32_t> ids_;  // key id of each Options::secrets entry, same order
  std::string name_;
  std::string purpose_;
  std::optional<int64_t> timestamp_;
  std::optional<int64_t> ttl_;
  const Clock* clock_;
  seal::Limits limits_;
};

constexpr std::string_view kSealedAliases[] = {"sealed"};

constexpr FormatTraits kSealedTraits{
    .name = "knox-sealed",
    .aliases = kSealedAliases,
    .summary =
        "knox's own AES-256-GCM sealed cookie, key = k<ID>:<base64url 32 bytes> (newest last)",
    .defaults = "cookie name session, purpose (--salt) session, no ttl",
    .options = {Opt::kSalt, Opt::kCookieName, Opt::kTimestamp},
    .key = KeyKind::kRandomKey,
    .payload = PayloadKind::kEncrypted,
    .issue_time = IssueTime::kEnvelope,
};

class SealedCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kSealedTraits; }
  std::string KeyFromRandomBytes(std::string_view bytes32) const override {
    return "k1:" + Base64Encode(bytes32, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "knox-sealed: at least one key is required");
    }
    if (options.digest || options.key_derivation || options.separator) {
      return Fail(ErrorCode::kInvalidArgument,
                  "knox-sealed: --digest, --key-derivation and --sep do not apply");
    }
    if (options.max_age_seconds && *options.max_age_seconds < 0) {
      return Fail(ErrorCode::kInvalidArgument, "knox-sealed: negative ttl");
    }
    std::vector<std::string_view> entries;
    entries.reserve(options.secrets.size());
    for (const auto& s : options.secrets) entries.push_back(s.reveal());
    auto keyset = seal::Keyset::FromText(entries);
    if (!keyset) return std::unexpected(keyset.error());
    std::vector<uint32_t> ids;
    ids.reserve(entries.size());
    // FromText succeeded, so every entry parses.
    for (std::string_view e : entries) ids.push_back(seal::ParseKey(e)->id);
    return std::make_unique<SealedSigner>(std::move(*keyset), std::move(ids), options);
  }

  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    auto header = seal::ReadHeader(token, seal::Limits{.max_token_bytes = limits.max_token_bytes});
    if (!header) return std::unexpected(header.error());
    Decoded d;
    d.format = "knox-sealed";
    d.encrypted = true;
    d.signature = Base64Encode(header->tag, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    d.notes = "AES-256-GCM, version 1, key id " + std::to_string(header->key_id) + ", " +
              std::to_string(header->ciphertext_size - seal::kTimesSize) + "-byte payload";
    return d;
  }
};

}  // namespace

const Codec& KnoxSealedCodec() {
  static const SealedCodecImpl codec;
  return codec;
}

}  // namespace knox::token
