// `rack`: Rack 2.2 Rack::Session::Cookie (rack/session/cookie.rb of ruby-rack 2.2.22).
//
// write_session: DATA = coder.encode(session) — [Marshal.dump(session)].pack("m0") with the
// default Base64::Marshal coder (strict, padded standard base64, no newlines) — then
// DATA + "--" + OpenSSL::HMAC.hexdigest(hmac, secrets.first, DATA) (hmac default SHA1), and the
// cookie value in Set-Cookie is Rack::Utils.escape of that (URI.encode_www_form_component).
// unpacked_cookie_data: the Cookie header value is unescaped (URI.decode_www_form_component; when
// that raises, the raw value is kept), split with rpartition("--"), the hex digest compared as a
// string (secure_compare) with every secret ([secret, old_secret]), then coder.decode: unpack("m")
// (lenient) and Marshal.load — a load failure is "no session" (kMalformed). The JSON and ZipJSON
// coders are detected from the decoded bytes (Marshal's 04 0x header, zlib's 0x78, else JSON).
// The session must be a Hash: nil/false mean no session, anything else makes Rack raise
// (both kMalformed). A Hash without a truthy "session_id" is the cookie's session too: Rack hides
// it from an app that only reads, and loads it as soon as the app writes to the session.
// Leniencies and the rendering of Ruby values: docs/formats.md "rack".
#include <string>
#include <vector>

#include "core/base/base64.h"
#include "core/base/hex.h"
#include "core/base/zlib.h"
#include "core/crypto/constant_time.h"
#include "core/crypto/hmac.h"
#include "core/token/codecs.h"
#include "core/token/json_style.h"
#include "core/token/rack_cookie_value.h"
#include "core/token/ruby_marshal.h"
#include "core/token/ruby_marshal_json.h"

namespace knox::token {
namespace {

struct Parts {
  std::string data;
  std::string digest;
  bool has_separator = false;
};

// String#rpartition("--"): without "--" the data is empty and the digest is everything.
Parts Split(std::string_view value) {
  const size_t pos = value.rfind("--");
  if (pos == std::string_view::npos) return {.data = "", .digest = std::string(value)};
  return {.data = std::string(value.substr(0, pos)),
          .digest = std::string(value.substr(pos + 2)),
          .has_separator = true};
}

// The value a loaded document stands for, through 'I', 'e' and 'C' wrappers.
const marshal::Node& Unwrapped(const marshal::Document& doc, uint32_t index) {
  const marshal::Node* n = &doc.nodes[index];
  while (n->kind == marshal::Kind::kIvar || n->kind == marshal::Kind::kExtended ||
         n->kind == marshal::Kind::kUserClass) {
    n = &doc.nodes[n->children[n->kind == marshal::Kind::kIvar ? 0 : 1]];
  }
  return *n;
}

bool IsHash(const marshal::Document& doc) {
  const marshal::Kind k = Unwrapped(doc, doc.root).kind;
  return k == marshal::Kind::kHash || k == marshal::Kind::kHashDefault;
}

std::string Compact(const Json& j) {
  return PyJsonDumps(j, PyJsonStyle{.compact = true, .ensure_ascii = false});
}

marshal::MarshalLimits MarshalLimitsFor(const Limits& limits) {
  return marshal::MarshalLimits{.max_depth = limits.max_json_depth};
}

struct Session {
  std::string json;
  std::string coder;
};

// coder.decode, detected from the bytes; kMalformed when Rack would see no session or raise.
Result<Session> DecodeSession(std::string_view bytes, const Limits& limits) {
  if (bytes.size() >= 2 && bytes[0] == '\x04' && static_cast<unsigned char>(bytes[1]) <= 8) {
    auto doc = marshal::Read(bytes, MarshalLimitsFor(limits));
    if (!doc) return std::unexpected(doc.error());
    if (!IsHash(*doc)) return Fail(ErrorCode::kMalformed, "rack: the session is not a Hash");
    auto json = marshal::ToJson(*doc, MarshalLimitsFor(limits));
    if (!json) return std::unexpected(json.error());
    return Session{Compact(*json), "Marshal"};
  }
  std::string text(bytes);
  std::string coder = "JSON";
  if (!bytes.empty() && bytes[0] == '\x78') {
    auto inflated = ZlibInflate(bytes, limits.max_decompressed_bytes);
    if (!inflated) {
      if (inflated.error().code == ErrorCode::kLimitExceeded)
        return std::unexpected(inflated.error());
      return Fail(ErrorCode::kMalformed, "rack: neither Marshal, zlib nor JSON");
    }
    text = std::move(*inflated);
    coder = "ZipJSON";
  }
  auto doc = ParseJson(text, limits);
  if (!doc) {
    if (doc.error().code == ErrorCode::kLimitExceeded) return std::unexpected(doc.error());
    return Fail(ErrorCode::kMalformed, "rack: neither Marshal nor JSON");
  }
  if (!doc->is_object()) return Fail(ErrorCode::kMalformed, "rack: the session is not a Hash");
  return Session{JsJsonStringify(*doc), coder};
}

std::string HexMac(const crypto::HmacKey& key, crypto::Digest digest, std::string_view data) {
  unsigned char mac[64];
  key.Sign({data}, mac);
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(mac), crypto::DigestSize(digest)));
}

class RackSigner final : public Signer {
 public:
  RackSigner(std::vector<crypto::HmacKey> keys, crypto::Digest digest, bool strict, Limits limits)
      : keys_(std::move(keys)), digest_(digest), strict_(strict), limits_(limits) {}

  Result<Signed> Sign(std::string_view value) const override {
    if (value.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rack: value longer than the limit");
    }
    auto json = ParseJson(value, limits_);
    if (!json) return std::unexpected(json.error());
    auto doc = marshal::FromJson(*json);
    if (!doc) return std::unexpected(doc.error());
    if (!IsHash(*doc)) return Fail(ErrorCode::kMalformed, "rack: the session must be an object");
    const std::string bytes = marshal::Write(*doc);
    // What knox signs, knox verifies: the data must read back within the reader's limits.
    if (auto back = DecodeSession(bytes, limits_); !back) return std::unexpected(back.error());
    const std::string data = Base64Encode(bytes, Base64Alphabet::kStandard, Base64Padding::kPadded);
    Signed out;
    out.token = RackEscape(data + "--" + HexMac(keys_.back(), digest_, data));
    if (out.token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rack: token longer than the limit");
    }
    return out;
  }

  Result<Verified> Verify(std::string_view token, std::string_view) const override {
    if (token.size() > limits_.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rack: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    if (strict_ && RackEscape(value) != token) {
      return Fail(ErrorCode::kMalformed, "rack: cookie value not as Rack writes it");
    }
    const Parts parts = Split(value);
    std::optional<size_t> index;
    for (size_t i = 0; i < keys_.size() && !index; ++i) {
      const std::string expected = HexMac(keys_[i], digest_, parts.data);
      if (expected.size() == parts.digest.size() &&
          crypto::ConstantTimeEquals(expected, parts.digest)) {
        index = i;
      }
    }
    if (!index) return Fail(ErrorCode::kBadSignature, "rack: digest mismatch");
    if (strict_ &&
        !Base64DecodeStrict(parts.data, Base64Alphabet::kStandard, Base64Padding::kPadded)) {
      return Fail(ErrorCode::kMalformed, "rack: non-canonical base64");
    }
    auto session = DecodeSession(Base64DecodeRuby(parts.data), limits_);
    if (!session) return std::unexpected(session.error());
    Verified v;
    v.value = std::move(session->json);
    v.is_json = true;
    v.key_index = *index;
    return v;
  }

 private:
  std::vector<crypto::HmacKey> keys_;
  crypto::Digest digest_;
  bool strict_;
  Limits limits_;
};

constexpr std::string_view kRackAliases[] = {"rack-session"};

constexpr FormatTraits kRackTraits{
    .name = "rack",
    .aliases = kRackAliases,
    .summary = "Rack::Session::Cookie: BASE64(Marshal|JSON)--HEX_HMAC (cookie rack.session)",
    .defaults = "HMAC-SHA1 hex digest, Base64::Marshal coder (JSON and ZipJSON read too)",
    .options = {Opt::kDigest, Opt::kStrict},
    .hashcat_mode = 150,
};

std::string_view DigestNameForHexLength(size_t n) {
  switch (n) {
    case 40:
      return "sha1";
    case 64:
      return "sha256";
    case 96:
      return "sha384";
    case 128:
      return "sha512";
    default:
      return "";
  }
}

bool LowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

class RackCodecImpl final : public Codec {
 public:
  const FormatTraits& traits() const override { return kRackTraits; }

  // HMAC(secret, DATA) with the hex digest the token carries; a digest that is not lower-case hex
  // of the right length takes the generic path.
  std::optional<MacPlan> PlanMac(const Options& options, std::string_view token,
                                 std::string_view) const override {
    const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
    if (!FastDigest(digest)) return std::nullopt;
    const Parts parts = Split(RackCookieValue(token));
    if (parts.digest.size() != crypto::DigestSize(digest) * 2 || !LowerHex(parts.digest)) {
      return std::nullopt;
    }
    auto mac = HexDecode(parts.digest);
    if (!mac) return std::nullopt;
    return MacPlan{
        .digest = digest, .key_rule = KeyRule::kRaw, .message = parts.data, .mac = std::move(*mac)};
  }

  Result<std::unique_ptr<Signer>> NewSigner(const Options& options) const override {
    if (options.secrets.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "rack: at least one secret is required");
    }
    const crypto::Digest digest = options.digest.value_or(crypto::Digest::kSha1);
    std::vector<crypto::HmacKey> keys;
    keys.reserve(options.secrets.size());
    for (const auto& s : options.secrets) keys.emplace_back(digest, s.reveal());
    return std::make_unique<RackSigner>(std::move(keys), digest, options.strict, options.limits);
  }

  // Claims only the shape Rack writes: canonical base64 of Marshal data (or a JSON object),
  // then "--" and a lower-case hex digest of a known length, or Marshal data with no digest at
  // all (a Rack app without a secret).
  Result<Decoded> Decode(std::string_view token, const Limits& limits) const override {
    if (token.size() > limits.max_token_bytes) {
      return Fail(ErrorCode::kLimitExceeded, "rack: cookie longer than the limit");
    }
    const std::string value = RackCookieValue(token);
    Parts parts = Split(value);
    if (!parts.has_separator) parts = {.data = value};
    std::string_view digest_name = DigestNameForHexLength(parts.digest.size());
    if (parts.has_separator && (digest_name.empty() || !LowerHex(parts.digest))) {
      return Fail(ErrorCode::kMalformed, "rack: not a hex digest");
    }
    auto bytes = Base64DecodeStrict(parts.data, Base64Alphabet::kStandard, Base64Padding::kPadded);
    if (!bytes || bytes->empty()) return Fail(ErrorCode::kMalformed, "rack: not base64");
    auto session = DecodeSession(*bytes, limits);
    if (!session) return std::unexpected(session.error());
    // Without a digest only Marshal data is distinctive: plain base64 JSON is cookie-session's.
    if (!parts.has_separator && session->coder != "Marshal") {
      return Fail(ErrorCode::kMalformed, "rack: unsigned JSON is not claimed");
    }
    Decoded d;
    d.format = "rack";
    d.payload = std::move(session->json);
    d.is_json = true;
    d.signature = parts.digest;
    d.notes = session->coder + " coder, " +
              (parts.has_separator ? "HMAC-" + std::string(digest_name) + " hex digest"
                                   : std::string("no digest (Rack without a secret)"));
    return d;
  }
};

}  // namespace

const Codec& RackCodec() {
  static const RackCodecImpl codec;
  return codec;
}

}  // namespace knox::token
