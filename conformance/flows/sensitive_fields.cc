#include "conformance/flows/sensitive_fields.h"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/base/base64.h"

namespace knox::flows {
namespace {

using S = Sensitivity;
constexpr KeyWordMatch kWholeKey = KeyWordMatch::kWholeKey;

// The key words. A phrase is one or more whole words; the splitter separates letters from digits,
// so a phrase word is all letters or all digits ("2 fa" is how `2fa` splits). Words that are too
// generic on their own are left out and appear only in phrases; the judgement calls:
//  - `id` is not sensitive: `_id` (Flask-Login's hash of address and browser), `id`, `request_id`
//    name random values, not a person. `user_id` is identity through the word "user".
//  - `key` alone is not a credential: `cache_key`, `sort_key`, `key` in a flash payload. Only
//    "api key", "apikey", "private key", "secret key", "access key", "signing key",
//    "encryption key" and "auth key" are.
//  - `name` is personal data only as the whole key (the session's `name` is the user's name);
//    `file_name`, `theme_name` are not. Compound person names (first name, ...) match anywhere.
//  - `sub`, `subject` and `login` only as the whole key: `sub` is the JWT subject but `sub_total`
//    is not; `login` is the user's login name but `last_login` is a time and `login_attempts` a
//    count. `pin` likewise (`pin code` anywhere).
//  - `card` alone is not personal data (`card_layout`, `gift_card`): only card phrases are, and
//    `cvv`/`cvc`.
//  - `age` is left out: `max_age` is in almost every session. `city`, `location` and `level` are
//    left out as preferences and redirect targets far more often than personal data.
//  - `hash` is a credential as a whole word (Django's `_auth_user_hash` is an HMAC of the password
//    hash); `hashtag` is another word. `ip` is personal data (GDPR recital 30).
//  - `group` is authorisation, except A/B-test buckets (NotSensitivePhrases).
//  - "mfa", "two factor", "2 fa" are authorisation: a flag that the second factor was passed
//    gates what the session may do. The code itself (`otp`, `totp`) is a credential.
constexpr KeyWordEntry kKeyWords[] = {
    // Identity: who the session belongs to.
    {"user", S::kIdentity},
    {"username", S::kIdentity},
    {"userid", S::kIdentity},
    {"uid", S::kIdentity},
    {"sub", S::kIdentity, kWholeKey},
    {"subject", S::kIdentity, kWholeKey},
    {"login", S::kIdentity, kWholeKey},
    {"principal", S::kIdentity},
    {"name id", S::kIdentity},
    {"nameid", S::kIdentity},
    {"email", S::kIdentity},
    {"e mail", S::kIdentity},
    {"mail", S::kIdentity},
    {"email address", S::kIdentity},
    {"account", S::kIdentity},
    {"customer", S::kIdentity},
    {"member id", S::kIdentity},
    // Authorisation: what the session may do.
    {"role", S::kAuthorisation},
    {"roles", S::kAuthorisation},
    {"admin", S::kAuthorisation},
    {"administrator", S::kAuthorisation},
    {"superuser", S::kAuthorisation},
    {"super user", S::kAuthorisation},
    {"staff", S::kAuthorisation},
    {"moderator", S::kAuthorisation},
    {"permission", S::kAuthorisation},
    {"permissions", S::kAuthorisation},
    {"perm", S::kAuthorisation},
    {"perms", S::kAuthorisation},
    {"privilege", S::kAuthorisation},
    {"privileges", S::kAuthorisation},
    {"scope", S::kAuthorisation},
    {"scopes", S::kAuthorisation},
    {"group", S::kAuthorisation},
    {"groups", S::kAuthorisation},
    {"acl", S::kAuthorisation},
    {"acls", S::kAuthorisation},
    {"rights", S::kAuthorisation},
    {"authority", S::kAuthorisation},
    {"authorities", S::kAuthorisation},
    {"entitlement", S::kAuthorisation},
    {"entitlements", S::kAuthorisation},
    {"access level", S::kAuthorisation},
    {"tenant", S::kAuthorisation},
    {"mfa", S::kAuthorisation},
    {"two factor", S::kAuthorisation},
    {"2 fa", S::kAuthorisation},
    // Credentials and secrets: what lets someone act as the user or the server.
    {"password", S::kCredential},
    {"passwd", S::kCredential},
    {"pwd", S::kCredential},
    {"pass", S::kCredential},
    {"passphrase", S::kCredential},
    {"passcode", S::kCredential},
    {"pin", S::kCredential, kWholeKey},
    {"pin code", S::kCredential},
    {"hash", S::kCredential},
    {"salt", S::kCredential},
    {"secret", S::kCredential},
    {"client secret", S::kCredential},
    {"secret key", S::kCredential},
    {"private key", S::kCredential},
    {"api key", S::kCredential},
    {"apikey", S::kCredential},
    {"access key", S::kCredential},
    {"signing key", S::kCredential},
    {"encryption key", S::kCredential},
    {"auth key", S::kCredential},
    {"token", S::kCredential},
    {"access token", S::kCredential},
    {"refresh token", S::kCredential},
    {"id token", S::kCredential},
    {"auth token", S::kCredential},
    {"bearer", S::kCredential},
    {"jwt", S::kCredential},
    {"otp", S::kCredential},
    {"totp", S::kCredential},
    {"hotp", S::kCredential},
    {"recovery code", S::kCredential},
    {"recovery codes", S::kCredential},
    {"backup codes", S::kCredential},
    {"code verifier", S::kCredential},
    {"credential", S::kCredential},
    {"credentials", S::kCredential},
    {"creds", S::kCredential},
    // Personal data.
    {"name", S::kPersonal, kWholeKey},
    {"first name", S::kPersonal},
    {"firstname", S::kPersonal},
    {"last name", S::kPersonal},
    {"lastname", S::kPersonal},
    {"full name", S::kPersonal},
    {"fullname", S::kPersonal},
    {"given name", S::kPersonal},
    {"family name", S::kPersonal},
    {"middle name", S::kPersonal},
    {"display name", S::kPersonal},
    {"surname", S::kPersonal},
    {"nickname", S::kPersonal},
    {"phone", S::kPersonal},
    {"telephone", S::kPersonal},
    {"tel", S::kPersonal},
    {"mobile", S::kPersonal},
    {"address", S::kPersonal},
    {"street", S::kPersonal},
    {"postcode", S::kPersonal},
    {"postal code", S::kPersonal},
    {"zip code", S::kPersonal},
    {"zipcode", S::kPersonal},
    {"ip", S::kPersonal},
    {"ip address", S::kPersonal},
    {"birth", S::kPersonal},
    {"birthday", S::kPersonal},
    {"birthdate", S::kPersonal},
    {"dob", S::kPersonal},
    {"gender", S::kPersonal},
    {"nationality", S::kPersonal},
    {"ssn", S::kPersonal},
    {"social security", S::kPersonal},
    {"national id", S::kPersonal},
    {"tax id", S::kPersonal},
    {"passport number", S::kPersonal},
    {"iban", S::kPersonal},
    {"bank account", S::kPersonal},
    {"account number", S::kPersonal},
    {"credit card", S::kPersonal},
    {"debit card", S::kPersonal},
    {"card number", S::kPersonal},
    {"cc number", S::kPersonal},
    {"cvv", S::kPersonal},
    {"cvc", S::kPersonal},
};

// Phrases whose words are taken out of matching before the table is consulted:
//  - "csrf token", "xsrf token", "csrf secret": a CSRF token is bound to the session and sent in
//    every form; it lets no one log in or act without also riding the victim's browser, so it is
//    not a credential of the user (Flask-WTF's `csrf_token`, Angular's `XSRF-TOKEN`).
//  - "token type": OAuth's "Bearer", not the token.
//  - "user agent": the browser's User-Agent string, not the user.
//  - "auth user backend": Django's `_auth_user_backend`, a class path always next to
//    `_auth_user_id` (which is reported).
//  - "at hash", "c hash", "s hash": OpenID Connect claims, half-digests of other tokens that are
//    public by design.
//  - "hash tag": a social-media hashtag written as two words.
//  - "test group", "ab group", "experiment group": A/B-test buckets.
constexpr std::string_view kNotSensitive[] = {
    "csrf token",        "xsrf token", "csrf secret",      "token type", "user agent",
    "auth user backend", "at hash",    "c hash",           "s hash",     "hash tag",
    "test group",        "ab group",   "experiment group",
};

constexpr size_t kMaxPhraseWords = 4;

enum class CharClass { kSeparator, kLower, kUpper, kDigit };

constexpr CharClass ClassOf(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 'a' && u <= 'z') return CharClass::kLower;
  if (u >= 'A' && u <= 'Z') return CharClass::kUpper;
  if (u >= '0' && u <= '9') return CharClass::kDigit;
  // Bytes of non-ASCII characters belong to words and have no case (no table word has them).
  if (u >= 0x80) return CharClass::kLower;
  return CharClass::kSeparator;
}

constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A phrase's words, as views into the phrase.
struct PhraseWords {
  std::array<std::string_view, kMaxPhraseWords> word{};
  size_t size = 0;
};

constexpr PhraseWords SplitPhrase(std::string_view phrase) {
  PhraseWords out;
  while (!phrase.empty() && out.size < kMaxPhraseWords) {
    const size_t space = phrase.find(' ');
    out.word[out.size++] = phrase.substr(0, space);
    if (space == std::string_view::npos) break;
    phrase.remove_prefix(space + 1);
  }
  return out;
}

// Every phrase is what the splitter could produce: lower-case words of letters only or digits
// only, one space apart, at most kMaxPhraseWords; no phrase twice.
constexpr bool ValidPhrase(std::string_view phrase) {
  if (phrase.empty() || phrase.front() == ' ' || phrase.back() == ' ') return false;
  size_t words = 1;
  for (size_t i = 0; i < phrase.size(); ++i) {
    const char c = phrase[i];
    if (c == ' ') {
      if (phrase[i - 1] == ' ') return false;
      ++words;
      continue;
    }
    const CharClass k = ClassOf(c);
    if (k != CharClass::kLower && k != CharClass::kDigit) return false;
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    if (i > 0 && phrase[i - 1] != ' ' &&
        (ClassOf(phrase[i - 1]) == CharClass::kDigit) != (k == CharClass::kDigit)) {
      return false;
    }
  }
  return words <= kMaxPhraseWords;
}

constexpr bool ValidTables() {
  for (const KeyWordEntry& e : kKeyWords) {
    if (!ValidPhrase(e.phrase)) return false;
    for (const KeyWordEntry& other : kKeyWords) {
      if (&e != &other && e.phrase == other.phrase) return false;
    }
  }
  for (std::string_view p : kNotSensitive) {
    if (!ValidPhrase(p)) return false;
  }
  return true;
}
static_assert(ValidTables(), "sensitive_fields: a malformed or duplicate phrase");

// The words of a key, as views into it (not lower-cased).
struct KeyWordViews {
  std::array<std::string_view, kMaxKeyWords> word{};
  size_t size = 0;
};

// "IDs", "APIs": an upper-case run followed by a lone plural "s" stays one word.
bool PluralAcronymEnd(std::string_view key, size_t i) {
  return key[i + 1] == 's' && (i + 2 == key.size() || ClassOf(key[i + 2]) != CharClass::kLower);
}

KeyWordViews SplitKey(std::string_view key) {
  KeyWordViews out;
  if (key.size() > kMaxKeyBytes) return out;
  size_t start = std::string_view::npos;
  auto flush = [&](size_t end) {
    if (start != std::string_view::npos && out.size < kMaxKeyWords) {
      out.word[out.size++] = key.substr(start, end - start);
    }
    start = std::string_view::npos;
  };
  for (size_t i = 0; i < key.size(); ++i) {
    const CharClass c = ClassOf(key[i]);
    if (c == CharClass::kSeparator) {
      flush(i);
      continue;
    }
    if (start == std::string_view::npos) {
      start = i;
      continue;
    }
    const CharClass p = ClassOf(key[i - 1]);
    bool boundary = false;
    if ((p == CharClass::kDigit) != (c == CharClass::kDigit)) {
      boundary = true;  // address2, oauth2Token, 2fa
    } else if (p == CharClass::kLower && c == CharClass::kUpper) {
      boundary = true;  // userId
    } else if (p == CharClass::kUpper && c == CharClass::kUpper && i + 1 < key.size() &&
               ClassOf(key[i + 1]) == CharClass::kLower && !PluralAcronymEnd(key, i)) {
      boundary = true;  // APIKey: the last capital of a run starts the next word
    }
    if (boundary) {
      flush(i);
      start = i;
    }
  }
  flush(key.size());
  return out;
}

bool WordEquals(std::string_view key_word, std::string_view table_word) {
  if (key_word.size() != table_word.size()) return false;
  for (size_t i = 0; i < key_word.size(); ++i) {
    if (AsciiLower(key_word[i]) != table_word[i]) return false;
  }
  return true;
}

bool WordsAt(const KeyWordViews& key, size_t at, const PhraseWords& phrase) {
  if (at + phrase.size > key.size) return false;
  for (size_t j = 0; j < phrase.size; ++j) {
    if (!WordEquals(key.word[at + j], phrase.word[j])) return false;
  }
  return true;
}

int Seriousness(Sensitivity s) {
  switch (s) {
    case Sensitivity::kCredential:
      return 3;
    case Sensitivity::kAuthorisation:
      return 2;
    case Sensitivity::kPersonal:
      return 1;
    case Sensitivity::kIdentity:
      return 0;
  }
  return 0;
}

// The best entry matching the key (see the header for "best"), nullptr when none does.
const KeyWordEntry* MatchKey(std::string_view key) {
  const KeyWordViews words = SplitKey(key);
  if (words.size == 0) return nullptr;
  std::array<bool, kMaxKeyWords> excluded{};
  for (std::string_view phrase : kNotSensitive) {
    const PhraseWords p = SplitPhrase(phrase);
    for (size_t at = 0; at + p.size <= words.size; ++at) {
      if (!WordsAt(words, at, p)) continue;
      for (size_t j = 0; j < p.size; ++j) excluded[at + j] = true;
    }
  }
  const KeyWordEntry* best = nullptr;
  size_t best_words = 0;
  size_t best_end = 0;
  auto consider = [&](const KeyWordEntry& e, size_t n, size_t end) {
    const bool better =
        best == nullptr || n > best_words ||
        (n == best_words && (Seriousness(e.category) > Seriousness(best->category) ||
                             (e.category == best->category && end > best_end)));
    if (better) {
      best = &e;
      best_words = n;
      best_end = end;
    }
  };
  for (const KeyWordEntry& e : kKeyWords) {
    const PhraseWords p = SplitPhrase(e.phrase);
    for (size_t at = 0; at + p.size <= words.size; ++at) {
      if (e.match == KeyWordMatch::kWholeKey && (at != 0 || p.size != words.size)) break;
      if (!WordsAt(words, at, p)) continue;
      bool free = true;
      for (size_t j = 0; j < p.size; ++j) free = free && !excluded[at + j];
      if (free) consider(e, p.size, at + p.size);
    }
  }
  return best;
}

std::string KeyReason(const KeyWordEntry& e) {
  const bool several = e.phrase.find(' ') != std::string_view::npos;
  std::string out = several ? "key words '" : "key word '";
  out += e.phrase;
  out += '\'';
  return out;
}

// --- Values ---

bool IsAlnum(char c) {
  const CharClass k = ClassOf(c);
  return (k == CharClass::kLower || k == CharClass::kUpper || k == CharClass::kDigit) &&
         static_cast<unsigned char>(c) < 0x80;
}

bool IsAlpha(char c) { return IsAlnum(c) && ClassOf(c) != CharClass::kDigit; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 5322 dot-atom local part and a DNS name with an alphabetic top-level label: what people
// type. Quoted local parts, address literals and dotless domains (`root@localhost`) are not
// counted.
bool LooksLikeEmail(std::string_view v) {
  if (v.size() > 254) return false;
  const size_t at = v.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = v.substr(0, at);
  const std::string_view domain = v.substr(at + 1);
  constexpr std::string_view kAtext = "!#$%&'*+/=?^_`{|}~-";
  if (local.front() == '.' || local.back() == '.') return false;
  for (size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (c == '.') {
      if (local[i - 1] == '.') return false;
    } else if (!IsAlnum(c) && kAtext.find(c) == std::string_view::npos) {
      return false;
    }
  }
  size_t labels = 0;
  std::string_view rest = domain;
  std::string_view last;
  while (true) {
    const size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

bool IsBase64Url(std::string_view s) {
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

constexpr size_t kMaxJwtHeaderChars = 2048;

// RFC 7519: JWS compact serialisation (three segments, the signature empty for alg "none") or JWE
// (five segments), every segment base64url, the first decoding canonically to a JSON object with a
// string "alg" (JWE: and "enc").
bool LooksLikeJwt(std::string_view v) {
  std::array<std::string_view, 5> segment{};
  size_t count = 0;
  std::string_view rest = v;
  while (true) {
    if (count == segment.size()) return false;
    const size_t dot = rest.find('.');
    segment[count++] = rest.substr(0, dot);
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (count != 3 && count != 5) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!IsBase64Url(segment[i])) return false;
  }
  const std::string_view header = segment[0];
  if (header.empty() || header.size() > kMaxJwtHeaderChars) return false;
  // JWS: the payload; JWE: the IV and the ciphertext (the encrypted key is empty for "dir").
  if (count == 3 ? segment[1].empty() : segment[2].empty() || segment[3].empty()) return false;
  auto bytes = Base64DecodeStrict(header, Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!bytes) return false;
  const auto json = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return false;
  const auto alg = json.find("alg");
  if (alg == json.end() || !alg->is_string()) return false;
  if (count == 5) {
    const auto enc = json.find("enc");
    if (enc == json.end() || !enc->is_string()) return false;
  }
  return true;
}

// bcrypt: $2a$ / $2b$ / $2x$ / $2y$, a two-digit cost, 22 characters of salt and 31 of hash in
// bcrypt's base64 alphabet: 60 characters exactly.
bool LooksLikeBcrypt(std::string_view v) {
  if (v.size() != 60 || v[0] != '$' || v[1] != '2' || v[3] != '$' || v[6] != '$') return false;
  if (std::string_view("abxy").find(v[2]) == std::string_view::npos) return false;
  if (!IsDigit(v[4]) || !IsDigit(v[5])) return false;
  for (char c : v.substr(7)) {
    if (!IsAlnum(c) && c != '.' && c != '/') return false;
  }
  return true;
}

// Prefixes of the other password-hash formats; the rest of the value must have hash shape (see
// LooksLikePasswordHash).
constexpr std::string_view kHashPrefixes[] = {
    // PHC strings and crypt(3): argon2, scrypt, passlib's pbkdf2, MD5-crypt, SHA-256/512-crypt,
    // yescrypt (Debian 12's default), Apache's apr1, Sun MD5, NetBSD sha1.
    "$argon2id$", "$argon2i$", "$argon2d$", "$scrypt$", "$pbkdf2$", "$pbkdf2-sha1$",
    "$pbkdf2-sha256$", "$pbkdf2-sha512$", "$1$", "$5$", "$6$", "$y$", "$gy$", "$7$", "$apr1$",
    "$md5$", "$sha1$",
    // Django's hashers: algorithm$...$hash.
    "pbkdf2_sha256$", "pbkdf2_sha1$", "argon2$", "bcrypt_sha256$", "bcrypt$", "scrypt$", "sha1$",
    "md5$", "unsalted_sha1$", "crypt$",
    // Werkzeug's generate_password_hash (Flask): method$salt$hash, e.g. pbkdf2:sha256:600000$...
    "pbkdf2:", "scrypt:"};

constexpr size_t kMaxHashChars = 1024;
constexpr size_t kMinDigestChars = 16;

// A known prefix, only hash characters, at least two '$' (the format's fields), and a last field
// (the digest) of at least kMinDigestChars base64 or hex characters.
bool LooksLikePasswordHash(std::string_view v) {
  if (v.size() > kMaxHashChars) return false;
  if (LooksLikeBcrypt(v)) return true;
  bool known = false;
  for (std::string_view prefix : kHashPrefixes) known = known || v.starts_with(prefix);
  if (!known) return false;
  size_t dollars = 0;
  for (char c : v) {
    if (c == '$') {
      ++dollars;
    } else if (!IsAlnum(c) && std::string_view("./+=,:_-").find(c) == std::string_view::npos) {
      return false;
    }
  }
  if (dollars < 2) return false;
  const std::string_view digest = v.substr(v.rfind('$') + 1);
  if (digest.size() < kMinDigestChars) return false;
  for (char c : digest) {
    if (!IsAlnum(c) && std::string_view("./+=_-").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string_view ValueDescription(SensitiveValue v) {
  switch (v) {
    case SensitiveValue::kEmailAddress:
      return "an e-mail address";
    case SensitiveValue::kJwt:
      return "a JWT";
    case SensitiveValue::kPasswordHash:
      return "a password hash";
  }
  return "sensitive";
}

Sensitivity ValueCategory(SensitiveValue v) {
  return v == SensitiveValue::kEmailAddress ? Sensitivity::kIdentity : Sensitivity::kCredential;
}

// The most serious finding for one top-level field so far.
struct Finding {
  std::optional<Sensitivity> category;
  std::string reason;

  // Keeps the earlier finding on a tie (the top-level key is considered first).
  template <typename MakeReason>
  void Offer(Sensitivity c, MakeReason&& make_reason) {
    if (category && Seriousness(c) <= Seriousness(*category)) return;
    category = c;
    reason = make_reason();
  }
  bool Maximal() const { return category == Sensitivity::kCredential; }
};

void InspectValue(const nlohmann::json& value, size_t depth, size_t& budget, Finding& finding) {
  if (budget == 0 || finding.Maximal()) return;
  --budget;
  if (value.is_string()) {
    const auto kind = ClassifyValue(value.get_ref<const std::string&>());
    if (kind) {
      finding.Offer(ValueCategory(*kind), [&] {
        return std::string(depth == 0 ? "value" : "nested value") + " looks like " +
               std::string(ValueDescription(*kind));
      });
    }
    return;
  }
  if (!value.is_structured() || depth + 1 > kMaxDepth) return;
  if (value.is_object()) {
    for (const auto& [key, nested] : value.items()) {
      if (budget == 0 || finding.Maximal()) return;
      if (const KeyWordEntry* e = MatchKey(key)) {
        finding.Offer(e->category, [&] { return "nested key '" + key + "': " + KeyReason(*e); });
      }
      InspectValue(nested, depth + 1, budget, finding);
    }
    return;
  }
  for (const nlohmann::json& element : value) {
    if (budget == 0 || finding.Maximal()) return;
    InspectValue(element, depth + 1, budget, finding);
  }
}

}  // namespace

std::string_view SensitivityName(Sensitivity s) {
  switch (s) {
    case Sensitivity::kIdentity:
      return "identity";
    case Sensitivity::kAuthorisation:
      return "authorisation";
    case Sensitivity::kCredential:
      return "credential";
    case Sensitivity::kPersonal:
      return "personal";
  }
  return "unknown";
}

std::span<const KeyWordEntry> KeyWordTable() { return kKeyWords; }

std::span<const std::string_view> NotSensitivePhrases() { return kNotSensitive; }

std::vector<std::string> KeyWords(std::string_view key) {
  const KeyWordViews views = SplitKey(key);
  std::vector<std::string> out;
  out.reserve(views.size);
  for (size_t i = 0; i < views.size; ++i) {
    std::string word(views.word[i]);
    for (char& c : word) c = AsciiLower(c);
    out.push_back(std::move(word));
  }
  return out;
}

std::optional<Sensitivity> ClassifyKey(std::string_view key) {
  const KeyWordEntry* e = MatchKey(key);
  if (e == nullptr) return std::nullopt;
  return e->category;
}

std::optional<SensitiveValue> ClassifyValue(std::string_view value) {
  if (value.empty() || value.size() > kMaxValueBytes) return std::nullopt;
  if (LooksLikePasswordHash(value)) return SensitiveValue::kPasswordHash;
  if (LooksLikeJwt(value)) return SensitiveValue::kJwt;
  if (LooksLikeEmail(value)) return SensitiveValue::kEmailAddress;
  return std::nullopt;
}

std::vector<SensitiveField> FindSensitiveFields(const nlohmann::json& object) {
  std::vector<SensitiveField> out;
  if (!object.is_object()) return out;
  size_t budget = kMaxNodes;
  for (const auto& [key, value] : object.items()) {
    if (budget == 0) break;
    --budget;
    Finding finding;
    if (const KeyWordEntry* e = MatchKey(key)) {
      finding.Offer(e->category, [&] { return KeyReason(*e); });
    }
    InspectValue(value, 0, budget, finding);
    if (finding.category) {
      out.push_back({.name = key, .category = *finding.category, .reason = finding.reason});
    }
  }
  return out;
}

}  // namespace knox::flows
