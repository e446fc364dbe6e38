// knox crack TOKEN [--wordlist FILE|-] ...: find a token's signing secret (DESIGN §7).
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/format_options.h"
#include "conformance/analysis/candidates.h"
#include "conformance/analysis/known_secrets.h"
#include "conformance/analysis/secret_search.h"
#include "core/base/hex.h"
#include "core/crypto/digest.h"
#include "core/token/registry.h"

namespace knox::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted = true; }

struct CrackFlags {
  std::string token;
  std::string wordlist;
  std::optional<std::string> format;
  std::optional<std::string> salt;
  std::string signature;
  std::string cookie_name;
  bool rules = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool show_secret = false;
  bool json = false;
};

// What may be printed about a secret without --show-secret: its length and a hash prefix, enough
// to compare two findings but not to use the secret.
std::string Fingerprint(std::string_view secret) {
  return HexEncode(crypto::Hash(crypto::Digest::kSha256, secret)).substr(0, 12);
}

// "fast/avx512", "fast/avx512+generic" (some formats have no fast kernel) or "generic".
std::string Engine(const analysis::CrackResult& r) {
  if (r.fast_targets == 0) return "generic";
  return "fast/" + r.simd + (r.fast_targets < r.targets ? "+generic" : "");
}

int Report(const CrackFlags& f, const analysis::CrackResult& r) {
  double rate = r.seconds > 0 ? static_cast<double>(r.candidates) / r.seconds : 0;
  if (f.json) {
    nlohmann::ordered_json out = {{"found", r.found},
                                  {"format", r.found ? nlohmann::ordered_json(r.format) : nullptr},
                                  {"candidates", r.candidates},
                                  {"seconds", r.seconds},
                                  {"rate", rate},
                                  {"engine", Engine(r)}};
    if (r.found) {
      if (f.show_secret) out["secret"] = std::string(r.secret.reveal());
      out["secret_length"] = r.secret.size();
      out["secret_sha256_prefix"] = Fingerprint(r.secret.reveal());
      out["resigned_identical"] = r.resigned_identical;
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else if (r.found) {
    std::cout << "secret found: format " << r.format << ", ";
    if (f.show_secret) {
      std::cout << "secret '" << r.secret.reveal() << "'";
    } else {
      std::cout << r.secret.size() << " characters, sha256 " << Fingerprint(r.secret.reveal())
                << "... (--show-secret prints it)";
    }
    std::cout << "\nproof:        "
              << (r.resigned_identical
                      ? "re-signing the payload reproduces the token byte for byte"
                      : "the MAC verifies (the format is randomised, so re-signing "
                        "cannot reproduce it)")
              << "\n";
  } else {
    std::cout << "secret not found\n";
  }
  if (!f.json) {
    std::cout << "candidates:   " << r.candidates << " in " << r.seconds << " s ("
              << static_cast<uint64_t>(rate) << "/s)\n";
    std::cout << "engine:       " << Engine(r) << "\n";
  }
  return r.found ? kExitOk : kExitNegative;
}

}  // namespace

int RunCrack(int argc, char** argv) {
  CLI::App app(
      "Find the signing secret of a token by verifying candidate secrets with the "
      "format's own rules.",
      "knox crack");
  CrackFlags f;
  app.add_option("TOKEN", f.token, "the token (cookie value as sent)")->required();
  app.add_option("--wordlist", f.wordlist,
                 "candidates, one per line (- for stdin); default: knox's bundled list of known "
                 "default and example secrets");
  app.add_option("--format", f.format, "token format (default: every format the token fits)");
  app.add_option("--salt", f.salt, "salt (default: the format's)");
  app.add_option("--signature", f.signature, "cookie-session: the .sig cookie value");
  app.add_option("--cookie-name", f.cookie_name, "cookie-session: the cookie name");
  app.add_flag("--rules", f.rules, "also try case, suffix (digits, years) and leetspeak variants");
  app.add_option("--threads", f.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  app.add_flag("--show-secret", f.show_secret, "print the secret itself");
  app.add_flag("--json", f.json, "one JSON object on stdout");
  app.footer("Exit codes: 0 secret found, 1 not found, 2 usage error, 130 interrupted.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (f.format) {
    auto codec = token::FindCodec(*f.format);
    if (!codec) {
      PrintError("crack", codec.error().message);
      return kExitUsage;
    }
    if (int rc = CheckFormatOptions(app, **codec, false, "crack"); rc >= 0) return rc;
  }

  auto targets = analysis::PlanTargets({.token = f.token,
                                        .format = f.format,
                                        .salt = f.salt,
                                        .signature = f.signature,
                                        .cookie_name = f.cookie_name});
  if (!targets) {
    PrintError("crack", targets.error().message);
    return kExitUsage;
  }
  std::ifstream file;
  std::unique_ptr<analysis::CandidateSource> source;
  if (f.wordlist.empty()) {
    source = std::make_unique<analysis::ListSource>(analysis::KnownSecrets());
  } else if (f.wordlist == "-") {
    source = std::make_unique<analysis::WordlistSource>(std::cin);
  } else {
    std::error_code kind_error;
    if (std::filesystem::is_directory(f.wordlist, kind_error)) {
      PrintError("crack", "--wordlist " + f.wordlist +
                              " is a directory (give a file, or - for "
                              "standard input)");
      return kExitUsage;
    }
    file.open(f.wordlist, std::ios::binary);
    if (!file) {
      PrintError("crack", "cannot read --wordlist " + f.wordlist);
      return kExitUsage;
    }
    std::error_code size_error;
    auto size = std::filesystem::file_size(f.wordlist, size_error);
    source = std::make_unique<analysis::WordlistSource>(file, 4096, size_error ? 0 : size);
  }
  if (f.rules) source = std::make_unique<analysis::RuleSource>(std::move(source));

  std::signal(SIGINT, OnInterrupt);
  analysis::SearchOptions options{.threads = f.threads, .cancel = &g_interrupted};
  // KNOX_CRACK_ENGINE=generic turns the fast engine off (comparisons); KNOX_SIMD picks its path.
  const char* engine = std::getenv("KNOX_CRACK_ENGINE");
  options.generic_only = engine != nullptr && std::string_view(engine) == "generic";
  if (isatty(STDERR_FILENO)) {
    auto start = std::chrono::steady_clock::now();
    options.progress = [start](uint64_t tried, double fraction) {
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      auto rate = static_cast<uint64_t>(seconds > 0 ? static_cast<double>(tried) / seconds : 0);
      std::cerr << "\rknox crack: " << tried << " candidates, " << rate << "/s";
      if (fraction > 0) {
        auto eta = static_cast<uint64_t>(seconds * (1 - fraction) / fraction);
        std::cerr << ", " << static_cast<int>(fraction * 100) << "% done, ETA " << eta << " s   ";
      }
      std::cerr << std::flush;
    };
  }
  auto result = analysis::SearchSecret(*targets, *source, options);
  if (options.progress) std::cerr << "\n";
  if (!result) {
    PrintError("crack", result.error().message);
    return kExitUsage;
  }
  if (g_interrupted && !result->found) {
    PrintError("crack", "interrupted after " + std::to_string(result->candidates) + " candidates");
    return kExitInterrupted;
  }
  return Report(f, *result);
}

}  // namespace knox::cli
