#include "conformance/analysis/secret_search.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/known_secrets.h"
#include "core/token/registry.h"

namespace knox::analysis {
namespace {

constexpr std::string_view kPayload = R"({"user_id":"123","role":"admin"})";

token::Signed SignWith(const token::Codec& codec, std::string_view secret,
                       std::optional<std::string> cipher = std::nullopt) {
  token::Options options;
  options.secrets.emplace_back(secret);
  options.cookie_name = "session";
  options.cipher = std::move(cipher);
  return codec.NewSigner(options).value()->Sign(kPayload).value();
}

// Every searchable format: a token signed with a bundled secret is cracked by the bundled list,
// and the hit is proven by re-signing.
TEST(SecretSearch, BundledListCracksEveryFormat) {
  size_t formats = 0;
  for (const token::Codec* codec : token::AllCodecs()) {
    if (!token::Searchable(codec->traits())) continue;  // random keys (fernet, knox-sealed)
    ++formats;
    // iron requires 32+ characters; its README's example password is in the list. A Laravel
    // APP_KEY is 16 or 32 bytes: its historical default is an AES-128 key.
    const bool laravel = codec->name() == "laravel";
    std::string_view secret = codec->name() == "iron"
                                  ? "some_not_random_password_that_is_at_least_32_characters"
                              : laravel ? "SomeRandomString"
                                        : "keyboard cat";
    token::Signed s = SignWith(*codec, secret,
                               laravel ? std::optional<std::string>("AES-128-CBC") : std::nullopt);
    CrackRequest request{.token = s.token,
                         .format = std::string(codec->name()),
                         .signature = s.signature,
                         .cookie_name = "session"};
    auto targets = PlanTargets(request);
    ASSERT_TRUE(targets) << codec->name() << ": " << targets.error().message;
    ListSource source(KnownSecrets());
    auto result = SearchSecret(*targets, source, {.threads = 2});
    ASSERT_TRUE(result) << codec->name();
    EXPECT_TRUE(result->found) << codec->name();
    EXPECT_EQ(result->secret.reveal(), secret) << codec->name();
    EXPECT_EQ(result->format, codec->name());
    // Ciphertext formats (iron, rails-encrypted, laravel) seal with random salts and IVs.
    if (codec->traits().payload != token::PayloadKind::kEncrypted) {
      EXPECT_TRUE(result->resigned_identical) << codec->name();
    }
  }
  EXPECT_EQ(formats, token::AllCodecs().size() - 2);
}

TEST(SecretSearch, AutoDetectFindsFormatAndSecret) {
  const token::Codec* flask = token::FindCodec("flask").value();
  token::Signed s = SignWith(*flask, "changeme");
  auto targets = PlanTargets({.token = s.token}).value();
  EXPECT_GE(targets.size(), 1u);
  ListSource source(KnownSecrets());
  auto result = SearchSecret(targets, source, {.threads = 2}).value();
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.secret.reveal(), "changeme");
}

// gorilla/sessions' and gorilla/securecookie's own documentation keys are in the list: a
// CookieStore keyed with them (conformance/targets go-gorilla-insecure) is cracked.
TEST(SecretSearch, BundledListHasGorillaDocumentationKeys) {
  const token::Codec* gorilla = token::FindCodec("gorilla").value();
  for (std::string_view secret : {"something-very-secret", "very-secret"}) {
    token::Signed s = SignWith(*gorilla, secret);
    auto targets =
        PlanTargets({.token = s.token, .format = "gorilla", .cookie_name = "session"}).value();
    ListSource source(KnownSecrets());
    auto result = SearchSecret(targets, source, {.threads = 2}).value();
    ASSERT_TRUE(result.found) << secret;
    EXPECT_EQ(result.secret.reveal(), secret);
    EXPECT_TRUE(result.resigned_identical) << secret;
  }
}

TEST(SecretSearch, NotFoundCountsEveryCandidate) {
  const token::Codec* codec = token::FindCodec("itsdangerous-signer").value();
  token::Signed s = SignWith(*codec, "a secret that is in no list");
  auto targets = PlanTargets({.token = s.token, .format = "itsdangerous-signer"}).value();
  ListSource source(KnownSecrets());
  auto result = SearchSecret(targets, source, {.threads = 3}).value();
  EXPECT_FALSE(result.found);
  EXPECT_EQ(result.candidates, KnownSecrets().size());
}

TEST(SecretSearch, RulesAndStreamingWordlist) {
  const token::Codec* codec = token::FindCodec("express").value();
  token::Signed s = SignWith(*codec, "Hunter2024");
  std::istringstream words("alpha\r\n\nhunter\nbravo\n");
  auto targets = PlanTargets({.token = s.token, .format = "express"}).value();
  RuleSource rules(std::make_unique<WordlistSource>(words));
  auto result = SearchSecret(targets, rules, {.threads = 1}).value();
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.secret.reveal(), "Hunter2024");
}

TEST(SecretSearch, Errors) {
  EXPECT_EQ(PlanTargets({.token = "x", .format = "nope"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(PlanTargets({.token = "x", .format = "fernet"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(PlanTargets({.token = "certainly not a token"}).error().code, ErrorCode::kMalformed);
  const token::Codec* codec = token::FindCodec("express").value();
  token::Signed s = SignWith(*codec, "zzz");
  auto targets = PlanTargets({.token = s.token, .format = "express"}).value();
  std::istringstream words("short\n" + std::string(5000, 'x') + "\n");
  WordlistSource source(words);
  EXPECT_EQ(SearchSecret(targets, source, {}).error().code, ErrorCode::kLimitExceeded);
}

TEST(Candidates, RuleVariants) {
  auto v = ExpandRules("secret");
  EXPECT_EQ(v.front(), "secret");
  for (const char* want : {"SECRET", "Secret", "53cr3t", "secret123", "Secret2024", "secret!"}) {
    EXPECT_NE(std::find(v.begin(), v.end(), want), v.end()) << want;
  }
  EXPECT_LE(v.size(), MaxRuleVariants());
}

// A read error of the underlying file (a directory opened as a wordlist: libstdc++'s filebuf
// throws EISDIR even with the exception mask clear) is an error, never an abort.
TEST(Candidates, AReadErrorIsAnErrorNotAnException) {
  std::ifstream directory("/", std::ios::binary);
  ASSERT_TRUE(directory.is_open());
  WordlistSource source(directory);
  std::string word;
  auto next = source.Next(word);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(next.error().message.find("cannot read the wordlist"), std::string::npos);
}

TEST(Candidates, ProgressFractions) {
  std::string_view words[] = {"a", "b", "c", "d"};
  ListSource list(words);
  std::string w;
  EXPECT_EQ(list.Progress(), 0.0);
  ASSERT_TRUE(list.Next(w).value());
  EXPECT_DOUBLE_EQ(list.Progress(), 0.25);
  while (list.Next(w).value()) {
  }
  EXPECT_DOUBLE_EQ(list.Progress(), 1.0);

  std::string text = "alpha\nbeta\n";  // 11 bytes
  std::istringstream in(text);
  WordlistSource sized(in, 4096, text.size());
  ASSERT_TRUE(sized.Next(w).value());
  EXPECT_DOUBLE_EQ(sized.Progress(), 6.0 / 11.0);
  std::istringstream in2(text);
  RuleSource rules(std::make_unique<WordlistSource>(in2));
  EXPECT_LT(rules.Progress(), 0);  // unknown size (stdin)
}

}  // namespace
}  // namespace knox::analysis
