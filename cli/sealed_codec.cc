#include "cli/sealed_codec.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/base64.h"
#include "core/seal/seal.h"

namespace knox::cli {
namespace {

constexpr std::string_view kDefaultName = "session";
constexpr std::string_view kDefaultPurpose = "session";

class SealedSigner final : public token::Signer {
 public:
  SealedSigner(seal::Keyset keyset, std::vector<uint32_t> ids, const token::Options& o)
      : keyset_(std::move(keyset)),
        ids_(std::move(ids)),
        name_(o.cookie_name.empty() ? std::string(kDefaultName) : o.cookie_name),
        purpose_(o.salt.value_or(std::string(kDefaultPurpose))),
        timestamp_(o.timestamp),
        ttl_(o.max_age_seconds),
        clock_(o.clock),
        limits_{.max_token_bytes = o.limits.max_token_bytes} {}

  Result<token::Signed> Sign(std::string_view value) const override {
    const int64_t issued_at = timestamp_.value_or(clock_->NowSeconds());
    auto sealed = seal::Seal(keyset_, name_, purpose_, value, issued_at, ttl_.value_or(0), limits_);
    if (!sealed) return std::unexpected(sealed.error());
    return token::Signed{.token = std::move(*sealed), .signature = {}};
  }

  Result<token::Verified> Verify(std::string_view token,
                                 std::string_view /*signature*/) const override {
    auto opened = seal::Open(keyset_, name_, purpose_, token, clock_->NowSeconds(), limits_);
    if (!opened) return std::unexpected(opened.error());
    token::Verified v;
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

class SealedCodecImpl final : public token::Codec {
 public:
  std::string_view name() const override { return "knox-sealed"; }
  std::string_view summary() const override {
    return "knox's own AES-256-GCM sealed cookie, key = k<ID>:<base64url 32 bytes> (newest last)";
  }

  Result<std::unique_ptr<token::Signer>> NewSigner(const token::Options& options) const override {
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
    for (const auto& s : options.secrets) entries.push_back(s.reveal());
    auto keyset = seal::Keyset::FromText(entries);
    if (!keyset) return std::unexpected(keyset.error());
    std::vector<uint32_t> ids;
    // FromText succeeded, so every entry parses.
    for (std::string_view e : entries) ids.push_back(seal::ParseKey(e)->id);
    return std::make_unique<SealedSigner>(std::move(*keyset), std::move(ids), options);
  }

  Result<token::Decoded> Decode(std::string_view token,
                                const token::Limits& limits) const override {
    auto header = seal::ReadHeader(token, seal::Limits{.max_token_bytes = limits.max_token_bytes});
    if (!header) return std::unexpected(header.error());
    token::Decoded d;
    d.format = "knox-sealed";
    d.encrypted = true;
    d.signature = Base64Encode(header->tag, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
    d.notes = "AES-256-GCM, version 1, key id " + std::to_string(header->key_id) + ", " +
              std::to_string(header->ciphertext_size - seal::kTimesSize) + "-byte payload";
    return d;
  }
};

}  // namespace

const token::Codec& SealedCodec() {
  static const SealedCodecImpl codec;
  return codec;
}

}  // namespace knox::cli
