// What every consumer needs to know about a token format, in one place (DESIGN §4 "token"): its
// name and aliases, which options mean something for it, what kind of key and payload it has,
// whether its issue time is signed into the envelope, the salts frameworks commonly use with it,
// and the hashcat mode that cracks it. Each codec file defines its format's FormatTraits next to
// its Codec; the CLI (option checks, help), the crack engine (searchable formats, usual salts),
// and the audit (kind, tamper variants, forging an aged token) read them instead of comparing
// format names. Adding a format is one codec file plus one line in registry.cc.
//
// Plain constant data: constexpr, no allocation, safe to share between threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/crypto/digest.h"

namespace knox::token {

// The options of token::Options (and the CLI flags that set them) a format may give a meaning to.
enum class Opt : uint32_t {
  kSalt = 1u << 0,           // --salt
  kDigest = 1u << 1,         // --digest
  kKeyDerivation = 1u << 2,  // --key-derivation
  kSeparator = 1u << 3,      // --sep
  kTimestamped = 1u << 4,    // --timestamped (formats with both variants under one name)
  kTimestamp = 1u << 5,      // --timestamp (sign: issue time)
  kMaxAge = 1u << 6,         // --max-age (verify: the library's age rule)
  kCookieName = 1u << 7,     // --cookie-name (bound into the MAC or the AAD)
  kSignature = 1u << 8,      // --signature (a companion MAC cookie)
  kStrict = 1u << 9,         // --strict (the format has leniencies strict mode refuses)
  kNow = 1u << 10,           // --now (verify as of a time): applies wherever --timestamp or
                             // --expires does, i.e. to formats that carry a time; never listed
                             // in traits
  kExpires = 1u << 11,     // --expires (sign: the absolute expiry a format writes, Rails's _rails)
  kCipher = 1u << 12,      // --cipher (sign: the cipher a format can write in several, Laravel's)
  kBlockKey = 1u << 13,    // --block-key (an encryption key besides the MAC key: gorilla's AES)
  kSerializer = 1u << 14,  // --serializer (sign: which of the library's serializers writes VALUE)
};

class OptionSet {
 public:
  constexpr OptionSet() = default;
  constexpr OptionSet(std::initializer_list<Opt> opts) {
    for (Opt o : opts) bits_ |= static_cast<uint32_t>(o);
  }
  constexpr bool Has(Opt o) const { return (bits_ & static_cast<uint32_t>(o)) != 0; }
  constexpr OptionSet& Add(Opt o) {
    bits_ |= static_cast<uint32_t>(o);
    return *this;
  }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  uint32_t bits_ = 0;
};

// The CLI flag that sets an option, e.g. "--max-age".
std::string_view OptFlag(Opt o);
// Every Opt, in flag order (for iteration).
std::span<const Opt> AllOpts();

// What the secret is.
enum class KeyKind {
  kPassword,   // any text a person may choose: searched by the weak-secret engine
  kRandomKey,  // random key bytes in a fixed encoding (fernet, knox-sealed): never searched
};

// What the signed or sealed part carries.
enum class PayloadKind {
  kOpaqueValue,  // a value the format does not interpret (itsdangerous Signer, express's id)
  kSerialized,   // structured data the format serialises (JSON, Python-tagged JSON, ...)
  kClaims,       // JWT claims: a JSON object with registered names (iat, exp, sub, ...)
  kEncrypted,    // ciphertext: nothing readable without the key
};

// Where the issue time lives.
enum class IssueTime {
  kNone,      // the format carries no time
  kEnvelope,  // the format writes it around the payload from Options::timestamp (itsdangerous
              // TimestampSigner, django, fernet, iron, knox-sealed): a token of any age can be
              // made by signing with an earlier timestamp
  kClaims,    // inside the payload (JWT iat), written only when the payload lacks it
};

struct FormatTraits {
  std::string_view name;                      // the --format name (DESIGN §7)
  std::span<const std::string_view> aliases;  // other names FindCodec accepts
  std::string_view summary;                   // one line for `knox token --help`
  std::string_view defaults;                  // the library defaults, in words, for help and docs
  OptionSet options;                          // options that mean something for this format
  // Options that mean something only with Opt::kTimestamped (e.g. --max-age for django-signer).
  OptionSet timestamped_only;
  KeyKind key = KeyKind::kPassword;
  PayloadKind payload = PayloadKind::kSerialized;
  IssueTime issue_time = IssueTime::kNone;
  bool companion_signature = false;               // the MAC travels in a second cookie NAME.sig
  std::span<const std::string_view> usual_salts;  // framework salts besides the library default
  // --digest values frameworks use besides the library default (Rails 7's SHA-256 key
  // generator); the crack engine tries each when --digest is not given.
  std::span<const crypto::Digest> usual_digests;
  std::optional<int> hashcat_mode;         // hashcat -m that cracks this format, if any
  bool verifies_with_public_keys = false;  // Options::public_keys (jwt's RS/PS/ES/EdDSA)
};

// Whether a weak-secret search makes sense for the format.
constexpr bool Searchable(const FormatTraits& t) { return t.key == KeyKind::kPassword; }

// The options that apply to the format always / only with --timestamped, --now included (it
// applies wherever --timestamp does).
OptionSet AppliesAlways(const FormatTraits& traits);
OptionSet AppliesWhenTimestamped(const FormatTraits& traits);

// kInvalidArgument naming the first option in `given` that does not apply to the format, e.g.
// "--max-age does not apply to format express (...)". `timestamped` is whether --timestamped
// was given (or the format is always timestamped).
Result<void> CheckOptionsApply(const FormatTraits& traits, OptionSet given, bool timestamped);

}  // namespace knox::token
