// `gorilla`: gorilla/securecookie 1.1.1 as gorilla/sessions 1.2.1's CookieStore uses it
// (gorilla.h has the wire layout). --secret is the hash key (repeated: securecookie's
// CodecsFromPairs, current first, DecodeMulti tries them in order), --block-key the AES key paired
// with the secret at its position. Verification is DecodeMulti on the cookie value net/http
// gives the store; the serializer is detected (gob, then JSON); without a block key, a value that
// is neither is shown as opaque bytes (ciphertext, or another serializer's bytes) once its MAC is
// proven. Signing writes gob (the sessions map, go_gob.h) or, with --serializer json, the
// JSONEncoder's bytes (go_json.h).
#include "core/token/gorilla.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/crypto/aes.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/crypto/random.h"
#include "core/crypto/secret_bytes.h"
#include "core/token/codecs.h"
#include "core/token/go_gob.h"
#include "core/token/go_gob_json.h"
#include "core/token/go_json.h"
#include "core/token/json_style.h"

namespace knox::token {
namespace gorilla {
namespace {

Result<std::string> EncodeWith(std::string_view serialized, std::string_view name,
                               int64_t timestamp, const crypto::HmacKey& hash,
                               std::string_view block_key, std::string_view iv) {
  std::string value(serialized);
  if (!block_key.empty()) {
    auto encrypted = crypto::AesCtr(block_key, iv, serialized);
    if (!encrypted) return std::unexpected(encrypted.error());
    value = std::string(iv) + *encrypted;
  }
  // "name|date|value" is MAC'd; "date|value|mac" is kept.
  std::string kept = std::to_string(timestamp) + "|";
  Base64EncodeAppend(value, Base64Alphabet::kUrl, Base64Padding::kPadded, kept);
  unsigned char mac[crypto::kMaxDigestSize];
  hash.Sign({name, "|", kept}, mac);
  kept += "|";
  kept.append(reinterpret_cast<const char*>(mac), hash.size());
  std::string token = Base64Encode(kept, Base64Alphabet::kUrl, Base64Padding::kPadded);
  if (token.size() > kMaxLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "gorilla: the value is too long (securecookie's 4096-byte limit)");
  }
  return token;
}

}  // namespace

Result<std::string> Encode(std::string_view serialized, std::string_view name, int64_t timestamp,
                           crypto::Digest digest, std::string_view hash_key,
                           std::string_view block_key, std::string_view iv) {
  return EncodeWith(serialized, name, timestamp, crypto::HmacKey(digest, hash_key), block_key, iv);
}

std::optional<std::string> CookieValue(std::string_view token) {
  std::string_view v = token.substr(0, token.find(';'));
  while (!v.empty() &&
         (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n')) {
    v.remove_suffix(1);
  }
  if (v.size() > 1 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  for (char c : v) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f || b == '"' || b == ';' || b == '\\') return std::nullopt;
  }
  return std::string(v);
}

std::optional<int64_t> ParseGoInt(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<uint64_t>(c - '0');
    if (magnitude > (uint64_t{1} << 63) / 10) return std::nullopt;
    magnitude = magnitude * 10 + d;
    if (magnitude > (uint64_t{1} << 63)) return std::nullopt;
  }
  if (!negative && magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

}  // namespace gorilla

namespace {

using gorilla::CookieValue;
using gorilla::ParseGoInt;

constexpr crypto::Digest kDefaultDigest = crypto::Digest::kSha256;

// The decoded cookie: "date|value|mac" split at the first two '|' (bytes.SplitN(b, "|", 3)).
struct Parts {
  std::string decoded;
  size_t date_end = 0;   // decoded[0, date_end) is the date
  size_t value_end = 0;  // decoded[date_end + 1, value_end) the value; the MAC follows a '|'
  std::string_view date() const { return std::string_view(decoded).substr(0, date_end); }
  std::string_view value() const {
    return std::string_view(decoded).substr(date_end + 1, value_end - date_end - 1);
  }
  std::string_view signed_part() const { return std::string_view(decoded).substr(0, value_end); }
  std::string_view mac() const { return std::string_view(decoded).substr(value_end + 1); }
};

// Decode's first steps on the cookie value: the length (kMalformed past 4096, securecookie's
// "the value is too long"), base64 (kMalformed), the three parts (kBadSignature, ErrMacInvalid).
Result<Parts> Split(std::string_view value, bool strict) {
  if (value.size() > gorilla::kMaxLength) {
    return Fail(ErrorCode::kMalformed, "gorilla: the value is too long (over 4096 bytes)");
  }
  auto decoded = strict ? Base64DecodeStrict(value, Base64Alphabet::kUrl, Base64Padding::kPadded)
                        : Base64DecodeGo(value, Base64Alphabet::kUrl);
  if (!decoded) return Fail(ErrorCode::kMalformed, "gorilla: base64 decode failed");
  Parts p;
  p.decoded = std::move(*decoded);
  const size_t first = p.decoded.find('|');
  const size_t second =
      first == std::string::npos ? std::string::npos : p.decoded.find('|', first + 1);
  if (second == std::string::npos) {
    return Fail(ErrorCode::kBadSignature, "gorilla: not date|value|mac (the value is not valid)");
  }
  p.date_end = first;
  p.value_end = second;
  return p;
}

// Go's %d of an int64: what Encode writes.
bool CanonicalDate(std::string_view date) {
  auto v = ParseGoInt(date);
  return v && std::to_string(*v) == date;
}

std::string Base64Std(std::string_view bytes) {
  return Base64Encode(bytes, Base64Alphabet::kStandard, Base64Padding::kPadded);
}

// What the serialized bytes hold.
struct Payload {
  std::string json;     // the value as JSON (go_gob_json.h for gob)
  std::string kind;     // "gob", "gob (gorilla/sessions map)", "JSON" or "opaque"
  bool opaque = false;  // neither gob nor JSON: ciphertext, or another serializer's bytes
};

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Payload Opaque(std::string_view bytes) {
  return Payload{.json = Dump(Json{{"@go", "opaque"}, {"base64", Base64Std(bytes)}}),
                 .kind = "opaque",
                 .opaque = true};
}

// JSONEncoder ends its value with a newline; Go's decoder would ignore any bytes after the value,
// but knox, which detects the serializer rather than knowing it, takes only whitespace there as
// JSON: bytes that merely start like a number ("7..." after a wrong block key) are not JSON.
bool OnlySpace(std::string_view rest) {
  return std::all_of(rest.begin(), rest.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Deserialize: gob first (the default), then JSON; kMalformed when a gob stream breaks a rule Go's
// Decoder keeps for the names it registers. Bytes that are neither are opaque.
Result<Payload> Deserialize(std::string_view bytes, const Limits& limits) {
  const gob::GobLimits gob_limits{.max_depth = limits.max_json_depth};
  auto doc = gob::Read(bytes, gob_limits);
  if (doc) {
    if (auto checked = gob::CheckGoTypes(*doc); !checked) return std::unexpected(checked.error());
    return Payload{.json = Dump(gob::ToJson(doc->root)),
                   .kind = gob::IsSessionMap(*doc) ? "gob (gorilla/sessions map)" : "gob"};
  }
  if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
  size_t end = 0;
  auto json = gojson::DecodeFirst(bytes, limits, &end);
  if (json && OnlySpace(bytes.substr(end))) return Payload{.json = Dump(*json), .kind = "JSON"};
  if (!json && json.error().code == ErrorCode::kLimitExceeded) {
    return std::unexpected(json.error());
  }
  return Opaque(bytes);
}

bool IsOpaque(const Json& value) {
  return value.is_object() && value.size() == 2 && value.contains("@go") &&
         value["@go"] == "opaque" && value.contains("base64") && value["base64"].is_string();
}

// The serialized bytes a VALUE stands for when signing: {"@go":"opaque","base64":B} is B as is
// (securecookie's NopEncoder); otherwise the serializer's encoding of the JSON.
Result<std::string> Serialize(const Json& value, bool json_serializer) {
  if (IsOpaque(value)) {
    auto bytes = Base64DecodeStrict(value["base64"].get<std::string>(), Base64Alphabet::kStandard,
                                    Base64Padding::kPadded);
    if (!bytes) return Fail(ErrorCode::kInvalidArgument, "gorilla: opaque base64 is not canonical");
    return std::move(*bytes);
  }
  if (json_serializer) return gojson::Encode(value);
  auto session = gob::SessionFromJson(value);
  if (!session) return std::unexpected(session.error());
  return gob::WriteSession(*session);
}

struct KeyPair {
  crypto::HmacKey hash;
  std::optional<crypto::SecretBytes> block;
};

int64_t FloorSeconds(int64_t millis) {
  return millis >= 0 ? millis / 1000 : -((-millis + 999) / 1000);
}

class GorillaSigner final : public Signer {
 public:
  GorillaSigner(std::vector<KeyPair> pairs, const Options& options, bool json_serializer)
      : pairs_(std::move(pairs)),
        name_(options.cookie_name),
        timestamp_(options.timestamp),
        max_age_(options.max_age_seconds.value_or(gorilla::kDefaultMaxAge)),
        json_serializer_(json_serializer),
        strict_(options.strict),
        limits_(options.limits),
        clock_(options.clock) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "gorilla: value longer than the limit");
    }
    auto json = ParseJson(value, limits_);
    if (!json) return std::unexpected(json.error());
    const KeyPair& pair = pairs_.back();
    if (pair.block && IsOpaque(*json)) {
      // Decrypted bytes that are neither gob nor JSON read as a wrong block key (as securecookie's
      // gob and JSON serializers fail on them): such a cookie would never verify.
      return Fail(ErrorCode::kInvalidArgument,
                  "gorilla: an opaque value is signed without --block-key");
    }
    auto serialized = Serialize(*json, json_serializer_);
    if (!serialized) return std::unexpected(serialized.error());
    std::string iv;
    if (pair.block) {
      auto random = crypto::RandomBytes(gorilla::kIvSize);
      if (!random) return std::unexpected(random.error());
      iv = std::move(*random);
    }
    // A signer's keys were checked when it was made; only the length can fail here.
    auto token = gorilla::EncodeWith(*serialized, name_, timestamp_.value_or(Now()), pair.hash,
                                     pair.block ? pair.block->reveal() : std::string_view(), iv);
    if (!token) return std::unexpected(token.error());
    return Signed{.token = std::move(*token)};
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "gorilla: cookie longer than the limit");
    }
    auto value = CookieValue(token);
    if (!value) return Fail(ErrorCode::kMalformed, "gorilla: not a cookie value net/http reads");
    if (strict_ && *value != token) {
      return Fail(ErrorCode::kMalformed, "gorilla: cookie value not as securecookie writes it");
    }
    auto parts = Split(*value, strict_);
    if (!parts) return std::unexpected(parts.error());
    // DecodeMulti: each pair in order; the first that decodes wins. The error reported is that of
    // the first pair whose MAC matched, else the MAC's.
    std::optional<Error> first_error;
    for (size_t i = 0; i < pairs_.size(); ++i) {
      auto v = DecodeWith(i, *parts);
      if (v) {
        v->key_index = i;
        return v;
      }
      if (v.error().code != ErrorCode::kBadSignature && !first_error) first_error = v.error();
    }
    if (first_error) return std::unexpected(*first_error);
    return Fail(ErrorCode::kBadSignature, "gorilla: the value is not valid (MAC mismatch)");
  }

 private:
  int64_t Now() const { return FloorSeconds(clock_->NowMillis()); }

  Result<Verified> DecodeWith(size_t i, const Parts& parts) const {
    const KeyPair& pair = pairs_[i];
    if (parts.mac().size() != pair.hash.size()) {
      return Fail(ErrorCode::kBadSignature, "gorilla: MAC of another size");
    }
    unsigned char mac[crypto::kMaxDigestSize];
    pair.hash.Sign({name_, "|", parts.signed_part()}, mac);
    if (!crypto::ConstantTimeEquals(
            std::string_view(reinterpret_cast<const char*>(mac), pair.hash.size()), parts.mac())) {
      return Fail(ErrorCode::kBadSignature, "gorilla: MAC mismatch");
    }
    auto t1 = ParseGoInt(parts.date());
    if (!t1 || (strict_ && !CanonicalDate(parts.date()))) {
      return Fail(ErrorCode::kMalformed, "gorilla: invalid timestamp");
    }
    // t1 < t2 - maxAge, in Go's wrapping int64 arithmetic.
    const auto limit =
        static_cast<int64_t>(static_cast<uint64_t>(Now()) - static_cast<uint64_t>(max_age_));
    if (max_age_ != 0 && *t1 < limit)
      return Fail(ErrorCode::kExpired, "gorilla: expired timestamp");
    auto bytes =
        strict_ ? Base64DecodeStrict(parts.value(), Base64Alphabet::kUrl, Base64Padding::kPadded)
                : Base64DecodeGo(parts.value(), Base64Alphabet::kUrl);
    if (!bytes) return Fail(ErrorCode::kMalformed, "gorilla: base64 decode failed (value)");
    std::string plain = std::move(*bytes);
    if (pair.block) {
      if (plain.size() <= gorilla::kIvSize) {
        return Fail(ErrorCode::kMalformed, "gorilla: the value could not be decrypted");
      }
      auto decrypted = crypto::AesCtr(pair.block->reveal(), plain.substr(0, gorilla::kIvSize),
                                      std::string_view(plain).substr(gorilla::kIvSize));
      if (!decrypted) return std::unexpected(decrypted.error());
      plain = std::move(*decrypted);
    }
    auto payload = Deserialize(plain, limits_);
    if (!payload) return std::unexpected(payload.error());
    if (payload->opaque && pair.block) {
      return Fail(ErrorCode::kMalformed, "gorilla: the decrypted value is neither gob nor JSON");
    }
    Verified v;
    v.value = std::move(payload->json);
    v.is_json = true;
    v.timestamp = t1;
    return v;
  }

  std::vector<KeyPair> pairs_;
  std::string name_;
  std::optional<int64_t> timestamp_;
  int64_t max_age_;
  bool json_serializer_;
  bool strict_;
  Limits limits_;
  const Clock* clock_;
};

constexpr std::string_view kAliases[] = {"gorilla-securecookie", "securecookie",
                                         "gorilla-sessions"};

// Hash functions apps pass to HashFunc besides sha256.New; the crack engine keeps only the one
// whose size the token's MAC has.
constexpr crypto::Digest kUsualDigests[] = {crypto::Digest::kSha512, crypto::Digest::kSha1,
                                            crypto::Digest::kSha384};

constexpr FormatTraits kTraits{
    .name = "gorilla",
    .aliases = kAliases,
    .summary =
        "gorilla/securecookie (gorilla/sessions CookieStore): base64url(date|value|HMAC of "
        "NAME|date|value), gob or JSON, AES-CTR with --block-key",
    .defaults =
        "HMAC-SHA256 (--digest), gob serializer (a sessions map[interface{}]interface{}; "
        "--serializer json), MaxAge 30 days (--max-age, 0 = off), no encryption without "
        "--block-key; --cookie-name required",
    .options = {Opt::kDigest, Opt::kCookieName, Opt::kTimestamp, Opt::kMaxAge, Opt::kStrict,
                Opt::kBlockKey, Opt::kSerializer},
    .issue_time = IssueTime::kEnvelope,
    .usual_digests = kUsualDigests,
    .hashcat_mode = 1450,
};

// The parts of a token's canonical cookie value, for PlanMac and CouldVerify.
std::optional<Parts> PartsOf(std::string_view token) {
  auto value = CookieValue(token);
  if (!value) return std::nullopt;
  auto parts = Split(*value, /*strict=*/false);
  if (!parts) return std::nullopt;
  return std::move(*parts);
}

bool KnownMacSize(size_t n) { return n == 20 || n == 32 || n == 48 || n == 64; }

std::string_view DigestForMacSize(size_t n) {
  switch (n) {
    case 20:
      return "HMAC-SHA1";
    case 32:
      return "HMAC-SHA256";
    case 48:
      return "HMAC-SHA384";
    default:
      return "HMAC-SHA512";
  }
}

class GorillaCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kTraits; }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "gorilla: at least one secret (hash key) is required");
    }
    if (options.cookie_name.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "gorilla: --cookie-name is required (securecookie's MAC covers the cookie name)");
    }
    if (options.block_keys.size() > options.secrets.size()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "gorilla: more --block-key than --secret (each block key pairs with a secret)");
    }
    bool json_serializer = false;
    if (options.serializer) {
      if (*options.serializer != "gob" && *options.serializer != "json") {
        return Fail(ErrorCode::kInvalidArgument, "gorilla: --serializer is gob or json");
      }
      json_serializer = *options.serializer == "json";
    }
    const crypto::Digest digest = options.digest.value_or(kDefaultDigest);
    std::vector<KeyPair> pairs;
    pairs.reserve(options.secrets.size());
    for (size_t i = 0; i < options.secrets.size(); ++i) {
      KeyPair pair{.hash = crypto::HmacKey(digest, options.secrets[i].reveal())};
      if (i < options.block_keys.size()) {
        const size_t n = options.block_keys[i].size();
        if (n != 16 && n != 24 && n != 32) {
          return Fail(ErrorCode::kInvalidArgument,
                      "gorilla: a block key is 16, 24 or 32 bytes (AES-128, -192, -256)");
        }
        pair.block.emplace(options.block_keys[i].reveal());
      }
      pairs.push_back(std::move(pair));
    }
    return std::make_unique<GorillaSigner>(std::move(pairs), options, json_serializer);
  }

  // HMAC(secret, NAME|date|value) against the MAC: the whole plan is in the token.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    const crypto::Digest digest = options.digest.value_or(kDefaultDigest);
    if (!FastDigest(digest) || options.cookie_name.empty()) return std::nullopt;
    auto parts = PartsOf(token);
    if (!parts || parts->mac().size() != crypto::DigestSize(digest)) return std::nullopt;
    return MacPlan{.digest = digest,
                   .key_rule = KeyRule::kRaw,
                   .message = options.cookie_name + "|" + std::string(parts->signed_part()),
                   .mac = std::string(parts->mac())};
  }

  bool CouldVerify(const Options& options, std::string_view token) const override {
    auto parts = PartsOf(token);
    return parts &&
           parts->mac().size() == crypto::DigestSize(options.digest.value_or(kDefaultDigest));
  }

  // Claims only what Encode writes: canonical padded base64url of "DATE|VALUE|MAC" with DATE as
  // Go's %d writes an int64, VALUE canonical padded base64url (empty for NopEncoder's empty
  // value), a MAC of 20/32/48/64 bytes.
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "gorilla: cookie longer than the limit");
    }
    auto parts = Split(token, /*strict=*/true);
    if (!parts || !CanonicalDate(parts->date()) || !KnownMacSize(parts->mac().size())) {
      return Fail(ErrorCode::kMalformed, "gorilla: not a securecookie value");
    }
    auto bytes = Base64DecodeStrict(parts->value(), Base64Alphabet::kUrl, Base64Padding::kPadded);
    if (!bytes) return Fail(ErrorCode::kMalformed, "gorilla: value is not base64url");
    auto payload = Deserialize(*bytes, limits);
    if (!payload) return std::unexpected(payload.error());
    Decoded d;
    d.format = std::string(kTraits.name);
    d.timestamp = ParseGoInt(parts->date());
    d.signature = HexEncode(parts->mac());
    const std::string mac = std::string(DigestForMacSize(parts->mac().size())) + " (" +
                            std::to_string(parts->mac().size()) +
                            "-byte MAC of NAME|date|value, the cookie name not in the token)";
    // An unreadable value is shown as the opaque bytes Verify shows without a block key: signing
    // them again with the hash key (and an earlier --timestamp) re-issues the cookie.
    d.payload = std::move(payload->json);
    d.is_json = true;
    d.encrypted = payload->opaque;
    d.notes = payload->opaque ? "neither gob nor JSON: encrypted (AES-CTR, 16-byte IV first; give "
                                "--block-key) or another serializer; " +
                                    mac
                              : payload->kind + " serializer, " + mac;
    return d;
  }
};

}  // namespace

const Codec& GorillaCodec() {
  static const GorillaCodecImpl codec;
  return codec;
}

}  // namespace knox::token
