// knox token sign | verify | decode | forge (DESIGN §7).
#include <cstdint>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/format_options.h"
#include "cli/input_file.h"
#include "core/base/clock.h"
#include "core/token/jwt_forge.h"
#include "core/token/public_keys.h"
#include "core/token/registry.h"

namespace knox::cli {
namespace {

using token::Options;

// Flags shared by sign and verify, as parsed by CLI11 before conversion into token::Options.
struct TokenFlags {
  std::string format;
  std::vector<std::string> secrets;
  std::string secret_file;
  std::optional<std::string> salt;
  std::optional<std::string> digest;
  std::optional<std::string> key_derivation;
  std::optional<std::string> sep;
  bool timestamped = false;
  std::optional<int64_t> timestamp;
  std::optional<int64_t> max_age;
  std::optional<int64_t> expires;
  std::optional<std::string> cipher;
  std::optional<int64_t> now;
  std::string cookie_name;
  std::vector<std::string> block_keys;
  std::optional<std::string> serializer;
  std::string signature;
  bool strict = false;
  bool json = false;
  std::string input;
};

void AddCommonFlags(CLI::App& app, TokenFlags& f) {
  app.add_option("--format", f.format, "token format (see `knox token --help`)")->required();
  app.add_option("--secret", f.secrets,
                 "signing secret; repeat on verify to try several (rotation)");
  app.add_option("--secret-file", f.secret_file,
                 "read secrets from FILE, one per line (keeps them out of `ps`); for jwt "
                 "verify, a public key PEM or a JWK Set");
  app.add_option("--salt", f.salt, "salt (default: the library's)");
  app.add_option("--digest", f.digest, "sha1|sha256|sha384|sha512 (default: the library's)");
  app.add_option("--key-derivation", f.key_derivation, "django-concat|concat|hmac|none");
  app.add_option("--sep", f.sep, "separator (default: the library's)");
  app.add_flag("--timestamped", f.timestamped,
               "timestamped variant (itsdangerous-json, django-signer)");
  app.add_option("--cookie-name", f.cookie_name,
                 "cookie name (cookie-session signs NAME=VALUE; laravel's value prefix; gorilla "
                 "MACs it)");
  app.add_option("--block-key", f.block_keys,
                 "encryption key paired with the --secret at the same position (gorilla: AES, "
                 "16/24/32 bytes)");
}

// What a VALUE or TOKEN read from standard input may hold: far above any format's token limit
// (64 KiB), so that the format's own limit is what a long token meets, yet bounded.
constexpr size_t kMaxStdinBytes = size_t{1} << 20;
// --secret-file: one secret per line.
constexpr size_t kMaxSecretLine = 4096;
constexpr size_t kMaxSecretFileBytes = size_t{1} << 20;

// Reads `-` as all of standard input (without one trailing newline), at most kMaxStdinBytes.
Result<std::string> ReadArgument(const std::string& arg) {
  if (arg != "-") return arg;
  auto in = ReadAtMost(std::cin, kMaxStdinBytes, "standard input");
  if (!in) return in;
  if (!in->empty() && in->back() == '\n') in->pop_back();
  if (!in->empty() && in->back() == '\r') in->pop_back();
  return in;
}

// The whole of a --secret-file (at most kMaxSecretFileBytes).
Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in;
  if (auto opened = OpenInput("--secret-file", path, in); !opened) {
    return std::unexpected(opened.error());
  }
  return ReadAtMost(in, kMaxSecretFileBytes, "--secret-file " + path);
}

// Builds token::Options; prints the problem and returns nullopt on a configuration error.
std::optional<Options> BuildOptions(const TokenFlags& f, const Clock* clock) {
  Options o;
  std::vector<std::string> secrets = f.secrets;
  if (!f.secret_file.empty()) {
    // A PEM public key or certificate, or a JWK (Set), is read as public keys (jwt); anything
    // else is one secret per line.
    auto text = ReadSecretFile(f.secret_file);
    if (text && token::LooksLikePublicKeys(*text)) {
      auto keys = token::LoadPublicKeys(*text);
      if (!keys) {
        PrintError("token", "--secret-file " + f.secret_file + ": " + keys.error().message);
        return std::nullopt;
      }
      o.public_keys = std::move(*keys);
    } else {
      std::ifstream in;
      Result<std::vector<std::string>> lines = std::vector<std::string>();
      if (!text) {
        lines = std::unexpected(text.error());
      } else if (auto opened = OpenInput("--secret-file", f.secret_file, in); !opened) {
        lines = std::unexpected(opened.error());
      } else {
        lines =
            ReadLines(in, kMaxSecretLine, kMaxSecretFileBytes, "--secret-file " + f.secret_file);
      }
      if (!lines) {
        PrintError("token", lines.error().message);
        return std::nullopt;
      }
      for (std::string& line : *lines) {
        if (!line.empty()) secrets.push_back(std::move(line));
      }
    }
  }
  for (const auto& s : secrets) o.secrets.emplace_back(s);
  o.salt = f.salt;
  o.separator = f.sep;
  o.timestamped = f.timestamped;
  o.timestamp = f.timestamp;
  o.max_age_seconds = f.max_age;
  o.expires = f.expires;
  o.cipher = f.cipher;
  o.cookie_name = f.cookie_name;
  for (const auto& k : f.block_keys) o.block_keys.emplace_back(k);
  o.serializer = f.serializer;
  o.strict = f.strict;
  o.clock = clock;
  if (f.digest) {
    auto d = crypto::ParseDigest(*f.digest);
    if (!d) {
      PrintError("token", d.error().message);
      return std::nullopt;
    }
    o.digest = *d;
  }
  if (f.key_derivation) {
    auto k = token::ParseKeyDerivation(*f.key_derivation);
    if (!k) {
      PrintError("token", k.error().message);
      return std::nullopt;
    }
    o.key_derivation = *k;
  }
  return o;
}

// The "error" word of the JSON contract (DESIGN §7).
std::string_view ErrorWord(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadSignature:
      return "bad-signature";
    case ErrorCode::kExpired:
      return "expired";
    case ErrorCode::kMalformed:
    case ErrorCode::kLimitExceeded:
      return "malformed";
    default:
      return "unsupported";
  }
}

// JSON value for a payload: the parsed document when it is JSON, else a string (bytes that are
// not UTF-8 are replaced, never dropped silently from the text output, which prints them raw).
nlohmann::ordered_json PayloadJson(const std::string& payload, bool is_json) {
  if (is_json) {
    auto doc = nlohmann::ordered_json::parse(payload, nullptr, false);
    if (!doc.is_discarded()) return doc;
  }
  return payload;
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The format named by --format (or an alias), once its options are known to apply; nullptr after
// printing the usage error.
const token::Codec* FormatFor(const CLI::App& app, const TokenFlags& f, std::string_view what) {
  auto codec = token::FindCodec(f.format);
  if (!codec) {
    PrintError(what, codec.error().message);
    return nullptr;
  }
  if (CheckFormatOptions(app, **codec, f.timestamped, what) >= 0) return nullptr;
  return *codec;
}

int RunSign(const CLI::App& app, const TokenFlags& f) {
  const token::Codec* codec = FormatFor(app, f, "token sign");
  if (codec == nullptr) return kExitUsage;
  auto options = BuildOptions(f, &SystemClock::Instance());
  if (!options) return kExitUsage;
  if (!options->public_keys.empty()) {
    PrintError("token sign", "--secret-file holds public keys: they only verify");
    return kExitUsage;
  }
  if (options->secrets.size() != 1) {
    PrintError("token sign", "give exactly one --secret");
    return kExitUsage;
  }
  auto signer = codec->NewSigner(*options);
  if (!signer) {
    PrintError("token sign", signer.error().message);
    return kExitUsage;
  }
  auto value = ReadArgument(f.input);
  if (!value) {
    PrintError("token sign", value.error().message);
    return kExitUsage;
  }
  auto signed_token = (*signer)->Sign(*value);
  if (!signed_token) {
    // Nothing was verified, so there is no "negative result": the input could not be signed.
    PrintError("token sign", signed_token.error().message);
    return kExitUsage;
  }
  std::cout << signed_token->token;
  if (!signed_token->signature.empty()) std::cout << " " << signed_token->signature;
  std::cout << "\n";
  return kExitOk;
}

int RunVerify(const CLI::App& app, const TokenFlags& f) {
  const token::Codec* codec = FormatFor(app, f, "token verify");
  if (codec == nullptr) return kExitUsage;
  std::optional<FakeClock> fixed;
  if (f.now) {
    constexpr int64_t kMaxSeconds = INT64_MAX / 1000;
    if (*f.now > kMaxSeconds || *f.now < -kMaxSeconds) {
      PrintError("token verify", "--now out of range");
      return kExitUsage;
    }
    fixed.emplace(*f.now * 1000);
  }
  auto options =
      BuildOptions(f, fixed ? static_cast<const Clock*>(&*fixed) : &SystemClock::Instance());
  if (!options) return kExitUsage;
  if (!options->public_keys.empty() && !codec->traits().verifies_with_public_keys) {
    PrintError("token verify",
               "--secret-file holds public keys: only --format jwt verifies with "
               "them (give the secret itself for " +
                   std::string(codec->name()) + ")");
    return kExitUsage;
  }
  if (options->secrets.empty() && options->public_keys.empty()) {
    PrintError("token verify", "give at least one --secret (or a public key as --secret-file)");
    return kExitUsage;
  }
  auto signer = codec->NewSigner(*options);
  if (!signer) {
    PrintError("token verify", signer.error().message);
    return kExitUsage;
  }
  auto token = ReadArgument(f.input);
  if (!token) {
    PrintError("token verify", token.error().message);
    return kExitUsage;
  }
  auto verified = (*signer)->Verify(*token, f.signature);
  if (!verified) {
    if (verified.error().code == ErrorCode::kInvalidArgument) {
      PrintError("token verify", verified.error().message);
      return kExitUsage;
    }
    if (f.json) {
      std::cout << Dump({{"ok", false}, {"error", ErrorWord(verified.error().code)}}) << "\n";
    } else {
      PrintError("token verify",
                 std::string(ErrorWord(verified.error().code)) + ": " + verified.error().message);
    }
    return kExitNegative;
  }
  if (f.json) {
    nlohmann::ordered_json out = {{"ok", true},
                                  {"format", codec->name()},
                                  {"value", PayloadJson(verified->value, verified->is_json)}};
    out["timestamp"] = verified->timestamp ? nlohmann::ordered_json(*verified->timestamp) : nullptr;
    out["key_index"] = verified->key_index;
    std::cout << Dump(out) << "\n";
  } else {
    std::cout << verified->value << "\n";
  }
  return kExitOk;
}

int RunDecode(const std::string& input, bool json) {
  auto token = ReadArgument(input);
  if (!token) {
    PrintError("token decode", token.error().message);
    return kExitUsage;
  }
  auto decoded = token::DetectAndDecode(*token);
  if (!decoded) {
    if (json) {
      std::cout << Dump({{"ok", false}, {"error", ErrorWord(decoded.error().code)}}) << "\n";
    } else {
      PrintError("token decode", decoded.error().message);
    }
    return kExitNegative;
  }
  const token::Decoded& d = *decoded;
  auto optional_int = [](const std::optional<int64_t>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  if (json) {
    nlohmann::ordered_json out = {{"ok", true},
                                  {"format", d.format},
                                  {"payload", PayloadJson(d.payload, d.is_json)},
                                  {"encrypted", d.encrypted},
                                  {"timestamp", optional_int(d.timestamp)},
                                  {"expires", optional_int(d.expires)},
                                  {"signature", d.signature},
                                  {"notes", d.notes}};
    std::cout << Dump(out) << "\n";
    return kExitOk;
  }
  std::cout << "format:    " << d.format << " (unverified)\n";
  std::cout << "payload:   " << (d.encrypted ? "(encrypted)" : d.payload) << "\n";
  if (d.timestamp) std::cout << "timestamp: " << *d.timestamp << "\n";
  if (d.expires) std::cout << "expires:   " << *d.expires << "\n";
  if (!d.signature.empty()) std::cout << "signature: " << d.signature << "\n";
  if (!d.notes.empty()) std::cout << "notes:     " << d.notes << "\n";
  return kExitOk;
}

struct ForgeFlags {
  std::string format;
  std::string attack;
  std::string secret_file;
  std::string input;
};

// knox token forge: an attack tool (core/token/jwt_forge.h) for testing verifiers.
int RunForge(const ForgeFlags& f) {
  if (f.format != "jwt") {
    PrintError("token forge", "only --format jwt has forgeries (got '" + f.format + "')");
    return kExitUsage;
  }
  auto attack = token::ParseJwtAttack(f.attack);
  if (!attack) {
    PrintError("token forge", attack.error().message);
    return kExitUsage;
  }
  std::string key_bytes;
  if (*attack == token::JwtAttack::kHsWithPublicKey) {
    if (f.secret_file.empty()) {
      PrintError("token forge", "--attack hs-with-public-key needs --secret-file PUBLIC_KEY_FILE");
      return kExitUsage;
    }
    auto text = ReadSecretFile(f.secret_file);
    if (!text) {
      PrintError("token forge", text.error().message);
      return kExitUsage;
    }
    key_bytes = std::move(*text);
  } else if (!f.secret_file.empty()) {
    PrintError("token forge", "--secret-file applies only to --attack hs-with-public-key");
    return kExitUsage;
  }
  auto token = ReadArgument(f.input);
  if (!token) {
    PrintError("token forge", token.error().message);
    return kExitUsage;
  }
  auto forged = token::ForgeJwt(*token, *attack, key_bytes);
  if (!forged) {
    PrintError("token forge", forged.error().message);
    return forged.error().code == ErrorCode::kInvalidArgument ? kExitUsage : kExitNegative;
  }
  std::cout << *forged << "\n";
  return kExitOk;
}

// Every format with its summary, aliases, defaults and the options it takes.
std::string FormatList() {
  std::string out = "Formats (options that do not apply to a format are usage errors):\n";
  for (const token::Codec* c : token::AllCodecs()) {
    const token::FormatTraits& t = c->traits();
    out += "  " + std::string(t.name) + " - " + std::string(t.summary) + "\n";
    std::string aliases;
    for (std::string_view a : t.aliases) aliases += (aliases.empty() ? "" : ", ") + std::string(a);
    if (!aliases.empty()) out += "      aliases: " + aliases + "\n";
    out += "      defaults: " + std::string(t.defaults) + "\n";
    std::string takes;
    for (token::Opt o : token::AllOpts()) {
      const bool always = token::AppliesAlways(t).Has(o);
      const bool timed = token::AppliesWhenTimestamped(t).Has(o);
      if (always) takes += " " + std::string(token::OptFlag(o));
      if (!always && timed) takes += " " + std::string(token::OptFlag(o)) + "(with --timestamped)";
    }
    out += "      options:" + (takes.empty() ? std::string(" none") : takes) + "\n";
  }
  return out;
}

}  // namespace

int RunToken(int argc, char** argv) {
  CLI::App app("Sign, verify and decode session tokens in the formats real frameworks use.",
               "knox token");
  app.footer(FormatList() +
             "\nExit codes: 0 valid/signed/decoded, 1 invalid token, 2 usage error.");
  app.require_subcommand(1);

  TokenFlags sign_flags;
  CLI::App* sign =
      app.add_subcommand("sign", "sign VALUE (JSON for serializer formats; - = stdin)");
  AddCommonFlags(*sign, sign_flags);
  sign->add_option("--timestamp", sign_flags.timestamp, "issue time (Unix seconds) instead of now");
  sign->add_option("--expires", sign_flags.expires,
                   "expiry written into the token (Unix seconds; rails-signed, rails-encrypted)");
  sign->add_option("--cipher", sign_flags.cipher,
                   "cipher to write (laravel: AES-256-CBC, AES-128-CBC, AES-256-GCM, AES-128-GCM)");
  sign->add_option("--serializer", sign_flags.serializer,
                   "the library serializer that writes VALUE (gorilla: gob, the default, or json)")
      ->check(CLI::IsMember({"gob", "json"}));
  sign->add_option("VALUE", sign_flags.input, "value to sign, or - for stdin")->required();

  TokenFlags verify_flags;
  CLI::App* verify = app.add_subcommand("verify", "verify TOKEN and print its value");
  AddCommonFlags(*verify, verify_flags);
  verify->add_option("--max-age", verify_flags.max_age, "maximum age in seconds (library's rule)");
  verify->add_option("--now", verify_flags.now, "verify as of this Unix time");
  verify->add_option("--signature", verify_flags.signature,
                     "companion signature (cookie-session .sig)");
  verify->add_flag("--strict", verify_flags.strict,
                   "reject non-canonical encodings the library accepts");
  verify->add_flag("--json", verify_flags.json, "one JSON object on stdout");
  verify->add_option("TOKEN", verify_flags.input, "token, or - for stdin")->required();

  std::string decode_input;
  bool decode_json = false;
  CLI::App* decode =
      app.add_subcommand("decode", "detect the format and print the payload unverified");
  decode->add_flag("--json", decode_json, "one JSON object on stdout");
  decode->add_option("TOKEN", decode_input, "token, or - for stdin")->required();

  ForgeFlags forge_flags;
  CLI::App* forge = app.add_subcommand(
      "forge",
      "ATTACK TOOL: rewrite a JWT as attackers test verifiers (alg none, HS with the "
      "public key, stripped signature)");
  forge->add_option("--format", forge_flags.format, "jwt")->required();
  forge->add_option("--attack", forge_flags.attack, "none|hs-with-public-key|strip-signature")
      ->required();
  forge->add_option("--secret-file", forge_flags.secret_file,
                    "the server's public key file, byte for byte (hs-with-public-key)");
  forge->add_option("TOKEN", forge_flags.input, "a real token, or - for stdin")->required();

  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (forge->parsed()) return RunForge(forge_flags);
  if (sign->parsed()) return RunSign(*sign, sign_flags);
  if (verify->parsed()) return RunVerify(*verify, verify_flags);
  return RunDecode(decode_input, decode_json);
}

}  // namespace knox::cli
