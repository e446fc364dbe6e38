// Which fields of a readable session payload are sensitive (docs/audit.md "Sensitive fields"):
// `knox audit` reports them as `sensitive_fields`, so a reader learns that a cookie anyone holding
// it can read (or, unsigned, modify) carries who the user is, what they may do, a secret, or
// personal data.
//
// Keys are judged by meaning, not by substring (docs/style.md §6): a key is split into words
// (KeyWords: `_`, `-`, `.`, spaces and every other ASCII punctuation, camelCase and acronym
// boundaries, letter/digit boundaries; ASCII case-insensitive) and matched against a table of key
// words and phrases (KeyWordTable), each with a category. `_permanent` is one word, "permanent",
// and is not sensitive; `monkey` is not "key"; `user_id` contains the word "user". Phrases match
// consecutive words (`x_api_key` matches "api key"); a few entries match only the whole key
// (`sub` is the JWT subject, `sub_total` is not). Phrases of NotSensitivePhrases take their words
// out of matching first (`csrf_token`, `user_agent`). When several entries match, the longest
// phrase wins (`email_address` is an e-mail, not a postal address), then the more serious category
// (credential > authorisation > personal > identity), then the match nearer the end of the key.
//
// Values are judged by shape, whatever their key (ClassifyValue): a whole e-mail address, a JWT
// (or JWE) whose header decodes to JSON with "alg", a password hash in a known format (bcrypt,
// argon2, crypt(3), Django, Werkzeug, passlib). Hex digests, UUIDs and other random strings are
// not flagged: they are what session ids and CSRF tokens look like.
//
// Bounded work on untrusted input: keys longer than kMaxKeyBytes are not classified, only the
// first kMaxKeyWords words of a key count, values longer than kMaxValueBytes are not inspected, and
// FindSensitiveFields looks at most kMaxNodes JSON values, kMaxDepth levels deep. All functions
// are pure and thread-safe; the table is static and read-only.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace knox::flows {

enum class Sensitivity {
  kIdentity,       // who the session belongs to: user name, user id, e-mail, JWT subject
  kAuthorisation,  // what the user may do: roles, admin flags, permissions, scopes, groups
  kCredential,     // what lets someone act as the user: passwords, hashes, tokens, API keys
  kPersonal,       // personal data: names, phone, postal address, birth date, national ids, cards
};

// "identity", "authorisation", "credential", "personal".
std::string_view SensitivityName(Sensitivity s);

enum class KeyWordMatch {
  kConsecutiveWords,  // the phrase's words appear as consecutive words anywhere in the key
  kWholeKey,          // the key's words are exactly the phrase's words (`sub`, `_sub`, `SUB`)
};

struct KeyWordEntry {
  std::string_view phrase;  // lower-case words separated by one space: "api key", "role"
  Sensitivity category;
  KeyWordMatch match = KeyWordMatch::kConsecutiveWords;
};

// The key words, in the order of docs/audit.md "Sensitive fields" (sensitive_fields.cc gives the
// reason for each judgement call).
std::span<const KeyWordEntry> KeyWordTable();
// Phrases that are not sensitive although a word of theirs is ("csrf token", "user agent").
std::span<const std::string_view> NotSensitivePhrases();

inline constexpr size_t kMaxKeyBytes = 256;
inline constexpr size_t kMaxKeyWords = 32;
inline constexpr size_t kMaxValueBytes = 16 * 1024;
inline constexpr size_t kMaxNodes = 4096;
inline constexpr size_t kMaxDepth = 16;

// The words of a key, lower-cased: "userId" -> {user, id}, "APIKey" -> {api, key}, "_auth_user_id"
// -> {auth, user, id}, "address2" -> {address, 2}, "userIDs" -> {user, ids}. Empty for a key
// longer than kMaxKeyBytes; at most kMaxKeyWords words.
std::vector<std::string> KeyWords(std::string_view key);

// The category of the best-matching key word, nullopt when none matches.
std::optional<Sensitivity> ClassifyKey(std::string_view key);

enum class SensitiveValue {
  kEmailAddress,  // identity
  kJwt,           // credential: a bearer token
  kPasswordHash,  // credential: crackable offline
};

// What a string value looks like, judged on the whole value (an e-mail inside a sentence is not
// one); nullopt for anything else, including hex digests.
std::optional<SensitiveValue> ClassifyValue(std::string_view value);

struct SensitiveField {
  std::string name;  // the top-level key
  Sensitivity category;
  // Why, for the report: "key word 'role'", "key words 'api key'", "value looks like an e-mail
  // address", "nested key 'user': key word 'user'", "nested value looks like a JWT". Never the
  // value itself.
  std::string reason;

  bool operator==(const SensitiveField&) const = default;
};

// The sensitive top-level fields of a decoded JSON object payload, in the object's key order;
// empty for anything but an object. A field is judged by its key, by its value when that is a
// string, and inside an object or array value by the nested keys and string values (so
// `{"passport": {"user": "alice"}}` reports `passport`). Each field is reported once, under the
// most serious category found; on a tie the top-level key's reason is given.
std::vector<SensitiveField> FindSensitiveFields(const nlohmann::json& object);

}  // namespace knox::flows
