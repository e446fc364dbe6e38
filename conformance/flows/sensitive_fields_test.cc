#include "conformance/flows/sensitive_fields.h"

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace knox::flows {

// gtest finds it by argument-dependent lookup, so it lives in the type's namespace.
void PrintTo(const SensitiveField& f, std::ostream* os) {
  *os << "{" << f.name << ", " << SensitivityName(f.category) << ", " << f.reason << "}";
}

namespace {

using S = Sensitivity;
using V = SensitiveValue;
using Words = std::vector<std::string>;

std::string CaseName(std::string_view label) {
  std::string out;
  for (char c : label) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// --- The splitter ---

struct KeyWordsCase {
  std::string label;
  std::string key;
  Words words;
};

class SensitiveKeyWords : public ::testing::TestWithParam<KeyWordsCase> {};

TEST_P(SensitiveKeyWords, Splits) { EXPECT_EQ(KeyWords(GetParam().key), GetParam().words); }

INSTANTIATE_TEST_SUITE_P(
    Cases, SensitiveKeyWords,
    ::testing::Values(
        KeyWordsCase{"OneWord", "role", {"role"}},
        KeyWordsCase{"Snake", "_auth_user_id", {"auth", "user", "id"}},
        KeyWordsCase{"Kebab", "XSRF-TOKEN", {"xsrf", "token"}},
        KeyWordsCase{"Dotted", "passport.user", {"passport", "user"}},
        KeyWordsCase{"Spaces", "first name", {"first", "name"}},
        KeyWordsCase{"OtherPunctuation", "user:id/role$x", {"user", "id", "role", "x"}},
        KeyWordsCase{"Camel", "userId", {"user", "id"}},
        KeyWordsCase{"CamelIsAdmin", "isAdmin", {"is", "admin"}},
        KeyWordsCase{"Pascal", "AccessToken", {"access", "token"}},
        KeyWordsCase{"AcronymThenWord", "APIKey", {"api", "key"}},
        KeyWordsCase{"AcronymInside", "XMLHttpRequest", {"xml", "http", "request"}},
        KeyWordsCase{"AcronymAtEnd", "userID", {"user", "id"}},
        KeyWordsCase{"PluralAcronym", "userIDs", {"user", "ids"}},
        KeyWordsCase{"PluralAcronymThenWord", "APIsList", {"apis", "list"}},
        KeyWordsCase{"AllCaps", "APIKEY", {"apikey"}},
        KeyWordsCase{"ScreamingSnake", "ACCESS_TOKEN", {"access", "token"}},
        KeyWordsCase{"DigitsAfter", "address2", {"address", "2"}},
        KeyWordsCase{"DigitsInside", "oauth2Token", {"oauth", "2", "token"}},
        KeyWordsCase{"DigitsBefore", "2fa", {"2", "fa"}},
        KeyWordsCase{"OneWordPermanent", "_permanent", {"permanent"}},
        KeyWordsCase{"OneWordMonkey", "monkey", {"monkey"}},
        KeyWordsCase{"RepeatedSeparators", "__user--id__", {"user", "id"}},
        KeyWordsCase{"Empty", "", {}}, KeyWordsCase{"OnlySeparators", "_-. ", {}},
        KeyWordsCase{
            "NonAsciiIsPartOfAWord", "nom_d\xc3\xa9j\xc3\xa0", {"nom", "d\xc3\xa9j\xc3\xa0"}},
        KeyWordsCase{
            "LongestAccepted", std::string(kMaxKeyBytes, 'a'), {std::string(kMaxKeyBytes, 'a')}},
        KeyWordsCase{"TooLongIsIgnored", std::string(kMaxKeyBytes + 1, 'a'), {}}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(SensitiveKeyWordsLimit, AtMostMaxKeyWords) {
  std::string key;
  for (int i = 0; i < 40; ++i) key += "a_";
  EXPECT_EQ(KeyWords(key).size(), kMaxKeyWords);
  // A sensitive word past the cap is not seen.
  EXPECT_EQ(ClassifyKey(key + "password"), std::nullopt);
}

// --- Every table entry matches its own phrase, in the spellings servers use ---

std::string Join(std::string_view phrase, std::string_view separator, bool upper) {
  std::string out;
  for (char c : phrase) {
    if (c == ' ') {
      out += separator;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    }
  }
  return out;
}

std::string Camel(std::string_view phrase, bool first_upper) {
  std::string out;
  bool start = first_upper;
  for (char c : phrase) {
    if (c == ' ') {
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

std::string ExpectedReason(std::string_view phrase) {
  const bool several = phrase.find(' ') != phrase.npos;
  return std::string(several ? "key words '" : "key word '") + std::string(phrase) + "'";
}

class SensitiveKeyWordTable : public ::testing::TestWithParam<KeyWordEntry> {};

TEST_P(SensitiveKeyWordTable, EntryMatchesItsPhrase) {
  const KeyWordEntry& e = GetParam();
  std::vector<std::string> keys = {Join(e.phrase, "_", false), Join(e.phrase, "-", true),
                                   Join(e.phrase, ".", false), "_" + Join(e.phrase, "_", false),
                                   Camel(e.phrase, false),     Camel(e.phrase, true)};
  if (e.match == KeyWordMatch::kConsecutiveWords) {
    keys.push_back("my_" + Join(e.phrase, "_", false) + "_value");
    keys.push_back("my" + Camel(e.phrase, true) + "Value");
  }
  for (const std::string& key : keys) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ClassifyKey(key), e.category);
    const auto fields = FindSensitiveFields(nlohmann::json{{key, 1}});
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].name, key);
    EXPECT_EQ(fields[0].category, e.category);
    EXPECT_EQ(fields[0].reason, ExpectedReason(e.phrase));
  }
  if (e.match == KeyWordMatch::kWholeKey) {
    // Only the whole key: with another word it is not this entry.
    for (const std::string& key :
         {"my_" + Join(e.phrase, "_", false), Join(e.phrase, "_", false) + "_total"}) {
      SCOPED_TRACE(key);
      const auto fields = FindSensitiveFields(nlohmann::json{{key, 1}});
      for (const auto& f : fields) EXPECT_NE(f.reason, ExpectedReason(e.phrase));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Entries, SensitiveKeyWordTable, ::testing::ValuesIn(KeyWordTable()),
                         [](const auto& param_info) {
                           return std::string(SensitivityName(param_info.param.category)) + "_" +
                                  CaseName(param_info.param.phrase);
                         });

class SensitiveNotSensitivePhrases : public ::testing::TestWithParam<std::string_view> {};

TEST_P(SensitiveNotSensitivePhrases, PhraseIsNotSensitive) {
  for (const std::string& key : {Join(GetParam(), "_", false), Camel(GetParam(), false),
                                 "_" + Join(GetParam(), "-", true)}) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ClassifyKey(key), std::nullopt);
  }
}

INSTANTIATE_TEST_SUITE_P(Phrases, SensitiveNotSensitivePhrases,
                         ::testing::ValuesIn(NotSensitivePhrases()),
                         [](const auto& param_info) { return CaseName(param_info.param); });

// --- Keys: the traps of the substring heuristic, and real servers' keys ---

struct KeyCase {
  std::string label;
  std::string key;
  std::optional<Sensitivity> expected;
};

class SensitiveClassifyKey : public ::testing::TestWithParam<KeyCase> {};

TEST_P(SensitiveClassifyKey, Classifies) {
  EXPECT_EQ(ClassifyKey(GetParam().key), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SensitiveClassifyKey,
    ::testing::Values(
        // Substring false positives of the old heuristic.
        KeyCase{"PermanentIsNotPerm", "_permanent", std::nullopt},
        KeyCase{"FreshFlaskLogin", "_fresh", std::nullopt},
        KeyCase{"MonkeyIsNotKey", "monkey", std::nullopt},
        KeyCase{"KeyboardIsNotKey", "keyboard", std::nullopt},
        KeyCase{"Visits", "visits", std::nullopt},
        KeyCase{"HashtagIsNotHash", "hashtag", std::nullopt},
        KeyCase{"HashTagTwoWords", "hash_tag", std::nullopt}, KeyCase{"Csrf", "csrf", std::nullopt},
        KeyCase{"CsrfTokenIsNotACredential", "csrf_token", std::nullopt},
        KeyCase{"CsrfTokenDjangoSessions", "_csrftoken", std::nullopt},
        KeyCase{"XsrfTokenAngular", "XSRF-TOKEN", std::nullopt},
        KeyCase{"CsrfTokenCamel", "csrfToken", std::nullopt},
        KeyCase{"UnderscoreIdFlaskLogin", "_id", std::nullopt},
        KeyCase{"IdAlone", "id", std::nullopt}, KeyCase{"KeyAlone", "key", std::nullopt},
        KeyCase{"CacheKey", "cache_key", std::nullopt},
        KeyCase{"NameInCompound", "theme_name", std::nullopt},
        KeyCase{"SubInCompound", "sub_total", std::nullopt},
        KeyCase{"LastLoginIsATime", "last_login", std::nullopt},
        KeyCase{"CardAlone", "card", std::nullopt}, KeyCase{"MaxAge", "max_age", std::nullopt},
        KeyCase{"Uuid", "uuid", std::nullopt}, KeyCase{"Passport", "passport", std::nullopt},
        KeyCase{"Next", "next", std::nullopt}, KeyCase{"Theme", "theme", std::nullopt},
        KeyCase{"Lang", "lang", std::nullopt}, KeyCase{"Cart", "cart", std::nullopt},
        KeyCase{"Flashes", "_flashes", std::nullopt},
        KeyCase{"UserAgent", "user_agent", std::nullopt},
        KeyCase{"DjangoBackend", "_auth_user_backend", std::nullopt},
        KeyCase{"TokenType", "token_type", std::nullopt},
        KeyCase{"OidcAtHash", "at_hash", std::nullopt},
        KeyCase{"AbTestGroup", "ab_test_group", std::nullopt},
        KeyCase{"ExpiresAt", "expires_at", std::nullopt},
        // Substring false negatives of the old heuristic.
        KeyCase{"User", "user", S::kIdentity}, KeyCase{"JwtSubject", "sub", S::kIdentity},
        // Real keys.
        KeyCase{"FlaskLoginUserId", "_user_id", S::kIdentity},
        KeyCase{"DjangoUserId", "_auth_user_id", S::kIdentity},
        KeyCase{"DjangoUserHash", "_auth_user_hash", S::kCredential},
        KeyCase{"CamelUserId", "userId", S::kIdentity},
        KeyCase{"CamelIsAdmin", "isAdmin", S::kAuthorisation},
        KeyCase{"CamelAccessToken", "accessToken", S::kCredential},
        KeyCase{"AcronymApiKey", "APIKey", S::kCredential},
        KeyCase{"UpperApiKey", "API_KEY", S::kCredential},
        KeyCase{"DjangoIsSuperuser", "is_superuser", S::kAuthorisation},
        KeyCase{"OidcPreferredUsername", "preferred_username", S::kIdentity},
        KeyCase{"OidcEmailVerified", "email_verified", S::kIdentity},
        KeyCase{"NameAlone", "name", S::kPersonal},
        KeyCase{"UserNameIsIdentity", "user_name", S::kIdentity},
        KeyCase{"EmailAddressIsAnEmail", "email_address", S::kIdentity},
        KeyCase{"IpAddress", "IPAddress", S::kPersonal},
        KeyCase{"ClientIp", "clientIP", S::kPersonal},
        KeyCase{"DateOfBirth", "dateOfBirth", S::kPersonal},
        KeyCase{"Address2", "address2", S::kPersonal},
        KeyCase{"TwoFactorPassed", "2faPassed", S::kAuthorisation},
        KeyCase{"AccountNumberIsPersonal", "account_number", S::kPersonal},
        KeyCase{"CreditCardNumber", "credit_card_number", S::kPersonal},
        // Several entries: the longest phrase, then the more serious category.
        KeyCase{"RoleBeatsUser", "user_role", S::kAuthorisation},
        KeyCase{"PasswordBeatsUser", "user_password", S::kCredential},
        KeyCase{"PhoneBeatsUser", "user_phone", S::kPersonal},
        KeyCase{"SuperUserIsAuthorisation", "super_user", S::kAuthorisation},
        KeyCase{"OtpSecretIsCredential", "mfa_secret", S::kCredential},
        KeyCase{"CsrfTokenDoesNotHideUser", "csrf_token_user", S::kIdentity},
        KeyCase{"TooLongKeyIgnored", std::string(kMaxKeyBytes - 8, 'x') + "_password",
                std::nullopt}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(SensitiveClassifyKeyLimit, TooLongKeyIgnoredReallyIsTooLong) {
  EXPECT_GT(std::string(kMaxKeyBytes - 8, 'x').size() + 9, kMaxKeyBytes);
  EXPECT_EQ(ClassifyKey(std::string(kMaxKeyBytes - 9, 'x') + "_password"), S::kCredential);
}

// --- Values ---

constexpr char kJwt[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0."
    "qdJu8_EPmvYB5YpUgsM6i0Jq5PqvUjKm7oK36MvEN1I";
constexpr char kBcrypt[] = "$2b$12$uqkxOE1LMAkE1D7T/MTdUOtx89KQxDF.zsFhMT4O.bCVexOksk28.";
constexpr char kDjangoPbkdf2[] =
    "pbkdf2_sha256$600000$Vxd7DHnN4yfmB8XtUnmCqG$3sB5wQTDhpFjmYIr41cYNjJKmBfKh0pZwaOU4sLjOZY=";

struct ValueCase {
  std::string label;
  std::string value;
  std::optional<SensitiveValue> expected;
};

class SensitiveClassifyValue : public ::testing::TestWithParam<ValueCase> {};

TEST_P(SensitiveClassifyValue, Classifies) {
  EXPECT_EQ(ClassifyValue(GetParam().value), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SensitiveClassifyValue,
    ::testing::Values(
        ValueCase{"Email", "alice@example.com", V::kEmailAddress},
        ValueCase{"EmailPlusAndSubdomain", "a.b+tag@mail.example.co.uk", V::kEmailAddress},
        ValueCase{"EmailInASentence", "Welcome, alice@example.com!", std::nullopt},
        ValueCase{"EmailDotlessDomain", "root@localhost", std::nullopt},
        ValueCase{"EmailTwoAts", "a@b@example.com", std::nullopt},
        ValueCase{"EmailNumericTld", "alice@10.0.0.1", std::nullopt},
        ValueCase{"EmailDoubleDot", "a..b@example.com", std::nullopt},
        ValueCase{"EmailAtOnly", "@example.com", std::nullopt}, ValueCase{"Jwt", kJwt, V::kJwt},
        ValueCase{"JwtAlgNone",
                  "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0.", V::kJwt},
        ValueCase{"Jwe", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn", V::kJwt},
        ValueCase{"JwtHeaderWithoutAlg",
                  "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0."
                  "qdJu8_EPmvYB5YpUgsM6i0Jq5PqvUjKm7oK36MvEN1I",
                  std::nullopt},
        ValueCase{"JweHeaderWithoutEnc", "eyJhbGciOiJub25lIn0..aXY.Y2lwaGVy.dGFn", std::nullopt},
        ValueCase{"ThreeSegmentsNotJson", "abc.def.ghi", std::nullopt},
        ValueCase{"FourSegments", std::string(kJwt) + ".x", std::nullopt},
        ValueCase{"ItsdangerousToken", "eyJ1c2VyIjoiYWxpY2UifQ.ZxY1bA.c2lnbmF0dXJl", std::nullopt},
        ValueCase{"VersionString", "1.2.3", std::nullopt},
        ValueCase{"BcryptHash", kBcrypt, V::kPasswordHash},
        ValueCase{"Bcrypt2y", "$2y$10$uqkxOE1LMAkE1D7T/MTdUOtx89KQxDF.zsFhMT4O.bCVexOksk28.",
                  V::kPasswordHash},
        ValueCase{"BcryptTruncated", "$2b$12$uqkxOE1LMAkE1D7T/MTdUO", std::nullopt},
        ValueCase{"DjangoPbkdf2", kDjangoPbkdf2, V::kPasswordHash},
        ValueCase{"DjangoSha1", "sha1$abcd$7c807a50388bab0cf31836d732d05cfca98c2886",
                  V::kPasswordHash},
        ValueCase{"DjangoBcryptSha256",
                  "bcrypt_sha256$$2b$12$uqkxOE1LMAkE1D7T/MTdUOtx89KQxDF.zsFhMT4O.bCVexOksk28.",
                  V::kPasswordHash},
        ValueCase{"WerkzeugPbkdf2",
                  "pbkdf2:sha256:600000$kO8X2bq1$"
                  "88d4f854caaff2650e567fa6f50d5af5e5c53c058094e9c6ae70c6052e487357",
                  V::kPasswordHash},
        ValueCase{"Argon2id",
                  "$argon2id$v=19$m=65536,t=2,p=1$gZiV/M1gPc22ElAH/Jh1Hw$"
                  "CWOrkoo7oJBQ/iyh7uJ0LO2aLEfrHwTWllSAxT0zRno",
                  V::kPasswordHash},
        ValueCase{"CryptSha512",
                  "$6$6W2rVxA9FdqG3tYe$UgZwH7U3VnggYWnr5e22J8nCMuPKsiMiS9qxaN5Sr2Yk/"
                  "tc8zXZAGvVl4h4nicJ95ILYF2Buq3V8tpii8DAyL.",
                  V::kPasswordHash},
        ValueCase{"CryptSha256", "$5$ki4K/YqU8CqwCgJG$nsw82vvcGs80x5HynhWWpIqCZgHAOXs2XACW5n8mka2",
                  V::kPasswordHash},
        ValueCase{"CryptMd5", "$1$qoy1Yt95$y8TTNhbpNo0Ew40K4czLF.", V::kPasswordHash},
        ValueCase{"Yescrypt",
                  "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
                  V::kPasswordHash},
        ValueCase{"HashPrefixShortDigest", "sha1$abcd$1234", std::nullopt},
        ValueCase{"HashPrefixOneField", "sha1$7c807a50388bab0cf31836d732d05cfca98c2886",
                  std::nullopt},
        ValueCase{"PriceWithDollars", "$5 off $10", std::nullopt},
        ValueCase{"Sha256HexDigestAlone",
                  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", std::nullopt},
        ValueCase{"Md5HexDigestAlone", "5f4dcc3b5aa765d61d8327deb882cf99", std::nullopt},
        ValueCase{"Uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", std::nullopt},
        ValueCase{"Username", "alice", std::nullopt}, ValueCase{"Empty", "", std::nullopt},
        ValueCase{"JwtLongestAccepted",
                  std::string(kJwt) + std::string(kMaxValueBytes - sizeof(kJwt) + 1, 'A'), V::kJwt},
        ValueCase{"JwtTooLong", std::string(kJwt) + std::string(kMaxValueBytes, 'A'),
                  std::nullopt}),
    [](const auto& param_info) { return param_info.param.label; });

// --- Whole payloads ---

struct FieldsCase {
  std::string label;
  std::string payload;  // JSON
  std::vector<SensitiveField> expected;
};

class SensitiveFindFields : public ::testing::TestWithParam<FieldsCase> {};

TEST_P(SensitiveFindFields, Finds) {
  const auto json = nlohmann::json::parse(GetParam().payload, nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  EXPECT_EQ(FindSensitiveFields(json), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SensitiveFindFields,
    ::testing::Values(
        FieldsCase{
            "FlaskLoginSession",
            R"({"_fresh": true, "_id": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d)"
            R"(6c15b0f00a089f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",)"
            R"( "_user_id": "1", "csrf_token": "7c807a50388bab0cf31836d732d05cfca98c2886",)"
            R"( "_permanent": true, "_flashes": [["message", "Logged in"]]})",
            {{"_user_id", S::kIdentity, "key word 'user'"}}},
        FieldsCase{"DjangoSession",
                   R"({"_auth_user_id": "1", "_auth_user_backend":)"
                   R"( "django.contrib.auth.backends.ModelBackend", "_auth_user_hash":)"
                   R"( "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})",
                   {{"_auth_user_hash", S::kCredential, "key word 'hash'"},
                    {"_auth_user_id", S::kIdentity, "key word 'user'"}}},
        FieldsCase{"ExpressPassportNestedUser",
                   R"({"cookie": {"originalMaxAge": 86400000, "httpOnly": true, "path": "/"},)"
                   R"( "passport": {"user": "alice"}})",
                   {{"passport", S::kIdentity, "nested key 'user': key word 'user'"}}},
        FieldsCase{"JwtClaims",
                   R"({"sub": "42", "iss": "https://id.example.com", "aud": "app", "exp": 1,)"
                   R"( "iat": 0, "jti": "x", "scope": "read write", "at_hash": "abc"})",
                   {{"scope", S::kAuthorisation, "key word 'scope'"},
                    {"sub", S::kIdentity, "key word 'sub'"}}},
        FieldsCase{"EmailValueUnderAnyKey",
                   R"({"who": "alice@example.com", "n": 3})",
                   {{"who", S::kIdentity, "value looks like an e-mail address"}}},
        FieldsCase{"JwtValueUnderAnyKey",
                   std::string(R"({"upstream": ")") + kJwt + R"("})",
                   {{"upstream", S::kCredential, "value looks like a JWT"}}},
        FieldsCase{"BcryptValueInANestedObject",
                   std::string(R"({"profile": {"id": 1, "pw": ")") + kBcrypt + R"("}})",
                   {{"profile", S::kCredential, "nested value looks like a password hash"}}},
        FieldsCase{"DjangoHashInAnArray",
                   std::string(R"({"history": [1, ")") + kDjangoPbkdf2 + R"("]})",
                   {{"history", S::kCredential, "nested value looks like a password hash"}}},
        FieldsCase{"MoreSeriousValueWins",
                   std::string(R"({"user": ")") + kBcrypt + R"("})",
                   {{"user", S::kCredential, "value looks like a password hash"}}},
        FieldsCase{"TieKeepsTheKeysReason",
                   R"({"email": "alice@example.com"})",
                   {{"email", S::kIdentity, "key word 'email'"}}},
        FieldsCase{"NestedMoreSeriousKey",
                   R"({"user": {"id": 1, "roles": ["admin"], "name": "Alice"}})",
                   {{"user", S::kAuthorisation, "nested key 'roles': key word 'roles'"}}},
        FieldsCase{"NothingSensitive",
                   R"({"theme": "dark", "lang": "en", "cart": [1, 2], "next": "/account",)"
                   R"( "visits": 3, "monkey": "key", "keyboard": "us", "hashtag": "#x"})",
                   {}},
        FieldsCase{"EmptyObject", "{}", {}},
        FieldsCase{"NotAnObject", R"(["user", "alice@example.com"])", {}},
        FieldsCase{"StringPayload", R"("alice@example.com")", {}}),
    [](const auto& param_info) { return param_info.param.label; });

TEST(SensitiveFindFieldsLimits, DeepNestingIsBounded) {
  nlohmann::json deep = "alice@example.com";
  for (size_t i = 0; i < kMaxDepth + 4; ++i) deep = nlohmann::json::array({deep});
  EXPECT_TRUE(FindSensitiveFields(nlohmann::json{{"data", deep}}).empty());

  nlohmann::json shallow = "alice@example.com";
  for (size_t i = 0; i + 1 < kMaxDepth; ++i) shallow = nlohmann::json::array({shallow});
  EXPECT_EQ(FindSensitiveFields(nlohmann::json{{"data", shallow}}).size(), 1u);
}

TEST(SensitiveFindFieldsLimits, NodeBudgetIsShared) {
  nlohmann::json many = nlohmann::json::array();
  for (size_t i = 0; i < kMaxNodes; ++i) many.push_back(i);
  // "a_filler" is inspected first and uses up the budget; "z_email" is never looked at.
  nlohmann::json object{{"a_filler", many}, {"z_email", 1}};
  EXPECT_TRUE(FindSensitiveFields(object).empty());
}

TEST(SensitiveFindFieldsLimits, LongKeysAreIgnored) {
  const std::string key = std::string(kMaxKeyBytes, 'x') + "_password";
  EXPECT_TRUE(FindSensitiveFields(nlohmann::json{{key, 1}}).empty());
}

TEST(SensitiveSensitivityName, Names) {
  EXPECT_EQ(SensitivityName(S::kIdentity), "identity");
  EXPECT_EQ(SensitivityName(S::kAuthorisation), "authorisation");
  EXPECT_EQ(SensitivityName(S::kCredential), "credential");
  EXPECT_EQ(SensitivityName(S::kPersonal), "personal");
}

}  // namespace
}  // namespace knox::flows
