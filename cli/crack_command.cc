// knox crack TOKEN [--wordlist FILE|DIR|- ...] [--mask MASK] ...: find a token's signing secret
// (DESIGN §7, §12).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/format_options.h"
#include "conformance/analysis/candidate_stream.h"
#include "conformance/analysis/candidates.h"
#include "conformance/analysis/hashcat_hash.h"
#include "conformance/analysis/hashcat_rules.h"
#include "conformance/analysis/known_secrets.h"
#include "conformance/analysis/mask.h"
#include "conformance/analysis/potfile.h"
#include "conformance/analysis/restore_point.h"
#include "conformance/analysis/secret_search.h"
#include "conformance/analysis/wordlist_reader.h"
#include "core/base/hex.h"
#include "core/crypto/digest.h"
#include "core/token/registry.h"

namespace knox::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted = true; }

// A rule file is read whole; hashcat's biggest bundled file (dive.rule) is under 1 MiB.
constexpr size_t kMaxRuleFileBytes = size_t{64} << 20;

struct CrackFlags {
  std::string token;
  std::vector<std::string> wordlists;
  std::optional<std::string> mask;
  std::array<std::optional<std::string>, 4> charsets;
  std::vector<std::string> rule_files;
  std::optional<std::string> format;
  std::optional<std::string> salt;
  std::optional<std::string> digest;
  std::string signature;
  std::string cookie_name;
  bool rules = false;
  uint64_t skip = 0;
  std::optional<uint64_t> limit;
  bool keyspace = false;
  bool to_stdout = false;
  bool hashcat = false;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool show_secret = false;
  bool json = false;
  std::string potfile;
  std::string restore;
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

int Report(const CrackFlags& f, const analysis::CrackResult& r, uint64_t skipped_lines,
           bool from_potfile = false) {
  double rate = r.seconds > 0 ? static_cast<double>(r.candidates) / r.seconds : 0;
  if (f.json) {
    nlohmann::ordered_json out = {{"found", r.found},
                                  {"format", r.found ? nlohmann::ordered_json(r.format) : nullptr},
                                  {"candidates", r.candidates},
                                  {"seconds", r.seconds},
                                  {"rate", rate},
                                  {"engine", Engine(r)},
                                  {"skipped_lines", skipped_lines}};
    if (r.found) {
      if (f.show_secret) out["secret"] = std::string(r.secret.reveal());
      out["secret_length"] = r.secret.size();
      out["secret_sha256_prefix"] = Fingerprint(r.secret.reveal());
      out["resigned_identical"] = r.resigned_identical;
    }
    if (!f.potfile.empty()) out["from_potfile"] = from_potfile;
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else if (r.found) {
    std::cout << "secret found: format " << r.format << ", ";
    if (f.show_secret) {
      std::cout << "secret '" << r.secret.reveal() << "'";
    } else {
      std::cout << r.secret.size() << " characters, sha256 " << Fingerprint(r.secret.reveal())
                << "... (--show-secret prints it)";
    }
    if (from_potfile) std::cout << " (remembered in " << f.potfile << ", verified again)";
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
    if (skipped_lines > 0) {
      std::cout << "skipped:      " << skipped_lines << " wordlist lines too long to be a word\n";
    }
  }
  return r.found ? kExitOk : kExitNegative;
}

// A whole small file (a rule file). kInvalidArgument naming the path when it cannot be read.
Result<std::string> ReadSmallFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kInvalidArgument, path + ": " + std::strerror(errno));
  struct stat st{};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Fail(ErrorCode::kInvalidArgument, path + ": not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxRuleFileBytes) {
    close(fd);
    return Fail(ErrorCode::kLimitExceeded, path + ": larger than 64 MiB");
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      close(fd);
      return Fail(ErrorCode::kInvalidArgument, path + ": " + (n < 0 ? std::strerror(e) : "short"));
    }
    got += static_cast<size_t>(n);
  }
  close(fd);
  return text;
}

// --potfile: the remembered secret of this token, if the file exists and has one. A file that
// exists but cannot be read is an error; a missing file is not (it is created on success).
Result<std::optional<std::string>> Remembered(const CrackFlags& f) {
  if (access(f.potfile.c_str(), F_OK) != 0 && errno == ENOENT) return std::optional<std::string>();
  auto text = ReadSmallFile(f.potfile);
  if (!text) return Fail(ErrorCode::kInvalidArgument, "--potfile " + text.error().message);
  return analysis::FindInPotfile(*text, f.token);
}

// Appends the found secret to --potfile (created 0600: it holds secrets in clear).
Result<void> Remember(const CrackFlags& f, std::string_view secret) {
  const std::string line = analysis::PotLine(f.token, secret);
  const int fd = open(f.potfile.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, f.potfile + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      close(fd);
      return Fail(ErrorCode::kUnavailable, f.potfile + ": " + std::strerror(e));
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) return Fail(ErrorCode::kUnavailable, f.potfile + ": " + std::strerror(errno));
  return {};
}

// The candidates the flags describe; its parts live here so that the stream can refer to them.
struct Candidates {
  std::optional<analysis::Mask> mask;
  analysis::RuleChain rules;
  std::unique_ptr<analysis::WordlistReader> reader;
  std::vector<std::string_view> bundled;
  std::unique_ptr<analysis::CandidateSource> source;
  std::unique_ptr<analysis::CandidateStream> stream;
  uint64_t keyspace = 0;  // hashcat's units: base words (of the mask, the list)
};

Result<void> Build(const CrackFlags& f, Candidates& c) {
  if (f.mask) {
    if (!f.wordlists.empty() || f.rules || !f.rule_files.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--mask does not combine with --wordlist, --rules or --rules-file");
    }
    auto mask = analysis::Mask::Parse(*f.mask, f.charsets);
    if (!mask) return std::unexpected(mask.error());
    c.mask.emplace(std::move(*mask));
    c.keyspace = c.mask->BaseWords();
    // --skip/--limit count hashcat's base words: blocks of Amplifier() candidates.
    const uint64_t amp = c.mask->Amplifier();
    const uint64_t first = std::min(f.skip, c.keyspace);
    const uint64_t last =
        f.limit ? std::min(c.keyspace, first + std::min(*f.limit, c.keyspace)) : c.keyspace;
    c.stream = std::make_unique<analysis::MaskStream>(*c.mask, first * amp, last * amp);
    return {};
  }
  for (size_t k = 0; k < f.charsets.size(); ++k) {
    if (f.charsets[k]) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--custom-charset" + std::to_string(k + 1) + " needs --mask");
    }
  }
  if (f.rules && !f.rule_files.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "--rules and --rules-file do not combine");
  }
  if (!f.rule_files.empty()) {
    std::vector<std::vector<analysis::Rule>> files;
    for (const std::string& path : f.rule_files) {
      auto text = ReadSmallFile(path);
      if (!text) return Fail(ErrorCode::kInvalidArgument, "--rules-file " + text.error().message);
      auto parsed = analysis::ParseRuleFile(*text, path);
      if (!parsed) return std::unexpected(parsed.error());
      files.push_back(std::move(*parsed));
    }
    c.rules = analysis::RuleChain(std::move(files));
  }
  if (f.wordlists.empty()) {
    // The bundled list: --skip/--limit select words of it too.
    auto all = analysis::KnownSecrets();
    const size_t first = static_cast<size_t>(std::min<uint64_t>(f.skip, all.size()));
    const size_t count = static_cast<size_t>(
        f.limit ? std::min<uint64_t>(*f.limit, all.size() - first) : all.size() - first);
    c.bundled.assign(all.begin() + static_cast<ptrdiff_t>(first),
                     all.begin() + static_cast<ptrdiff_t>(first + count));
    c.keyspace = all.size();
    if (!c.rules.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "--rules-file needs --wordlist");
    }
    c.source = std::make_unique<analysis::ListSource>(c.bundled);
    if (f.rules) c.source = std::make_unique<analysis::RuleSource>(std::move(c.source));
    c.stream = std::make_unique<analysis::LockedStream>(*c.source);
    return {};
  }
  // Words are at most 256 bytes, as in hashcat (longer lines are skipped and counted).
  analysis::WordlistOptions options{
      .skip = f.skip, .limit = f.limit, .workers = f.threads, .count_words = !f.restore.empty()};
  auto reader = analysis::WordlistReader::Open(f.wordlists, options);
  if (!reader) return Fail(ErrorCode::kInvalidArgument, "--wordlist " + reader.error().message);
  c.reader = std::move(*reader);
  const auto mode = !c.rules.empty() ? analysis::WordRules::kHashcat
                    : f.rules        ? analysis::WordRules::kKnox
                                     : analysis::WordRules::kNone;
  c.stream =
      std::make_unique<analysis::WordStream>(*c.reader, mode, c.rules.empty() ? nullptr : &c.rules);
  return {};
}

// --keyspace of a wordlist: its words, counted as the search reads them.
Result<uint64_t> CountWords(const CrackFlags& f) {
  analysis::WordlistOptions options;
  auto reader = analysis::WordlistReader::Open(f.wordlists, options);
  if (!reader) return Fail(ErrorCode::kInvalidArgument, "--wordlist " + reader.error().message);
  std::string block;
  uint64_t words = 0;
  for (;;) {
    auto more = (*reader)->NextBlock(block);
    if (!more) return std::unexpected(more.error());
    if (!*more) return words;
    analysis::ForEachWord(block, options.max_line, [&](std::string_view) { ++words; });
  }
}

// --restore: what decides the search (restore_point.h), as canonical JSON. `c` was built from `f`
// with the original --skip/--limit.
Result<std::string> SearchDescription(const CrackFlags& f, const Candidates& c) {
  nlohmann::ordered_json d = {{"token", f.token},
                              {"format", f.format.value_or("")},
                              {"salt", f.salt ? nlohmann::json(*f.salt) : nlohmann::json()},
                              {"digest", f.digest.value_or("")},
                              {"signature", f.signature},
                              {"cookie_name", f.cookie_name},
                              {"rules", f.rules},
                              {"mask", f.mask.value_or("")},
                              {"skip", f.skip},
                              {"limit", f.limit ? nlohmann::json(*f.limit) : nlohmann::json()}};
  for (const auto& charset : f.charsets) d["charsets"].push_back(charset.value_or(""));
  for (const std::string& path : f.rule_files) {
    auto text = ReadSmallFile(path);
    if (!text) return Fail(ErrorCode::kInvalidArgument, "--rules-file " + text.error().message);
    d["rule_files"].push_back(HexEncode(crypto::Hash(crypto::Digest::kSha256, *text)));
  }
  if (c.reader) {
    for (const std::string& input : c.reader->inputs()) {
      struct stat st{};
      if (stat(input.c_str(), &st) != 0) {
        return Fail(ErrorCode::kInvalidArgument,
                    "cannot read " + input + ": " + std::strerror(errno));
      }
      d["inputs"].push_back({input, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec});
    }
  }
  return d.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// --restore FILE: refuses what cannot be resumed; when FILE holds this search's restore point,
// rebuilds `c` from it (its --skip, and what remains of --limit). Returns the search id.
Result<std::string> PrepareRestore(CrackFlags& f, Candidates& c) {
  if (f.keyspace || f.to_stdout || f.hashcat) {
    return Fail(ErrorCode::kInvalidArgument,
                "--restore does not apply to --keyspace, --stdout or --hashcat");
  }
  if (!f.mask && f.wordlists.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "--restore needs --wordlist or --mask (the bundled list is searched in a moment)");
  }
  for (const std::string& path : f.wordlists) {
    if (path == "-") {
      return Fail(ErrorCode::kInvalidArgument,
                  "--restore cannot resume standard input (--wordlist -): it cannot be read again");
    }
  }
  auto description = SearchDescription(f, c);
  if (!description) return std::unexpected(description.error());
  std::string id = analysis::RestoreSearchId(*description);
  auto point = analysis::LoadRestorePoint(f.restore);
  if (!point) return std::unexpected(point.error());
  if (!*point) return id;
  if ((*point)->search != id) {
    return Fail(ErrorCode::kInvalidArgument,
                "--restore " + f.restore +
                    " holds the restore point of another search (a different token, candidates or "
                    "options): remove it or name another file");
  }
  const uint64_t at = (*point)->skip;
  if (at < f.skip) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "--restore " + f.restore + " is not a knox crack restore file (skip before --skip)");
  }
  if (f.limit) *f.limit -= std::min(*f.limit, at - f.skip);
  f.skip = at;
  c = Candidates{};
  if (auto built = Build(f, c); !built) return std::unexpected(built.error());
  std::cerr << "knox crack: resuming at " << (f.mask ? "base word " : "word ") << at << " ("
            << f.restore << ")\n";
  return id;
}

// The --skip that resumes the running search: its stream's checkpoint in --skip's units.
uint64_t RestoreSkip(const Candidates& c, uint64_t fallback) {
  auto checkpoint = c.stream->Checkpoint();
  if (!checkpoint) return fallback;
  return c.mask ? *checkpoint / c.mask->Amplifier() : *checkpoint;
}

Result<void> SaveRestore(const CrackFlags& f, const Candidates& c, const std::string& id) {
  return analysis::SaveRestorePoint(
      f.restore,
      {.search = id, .skip = RestoreSkip(c, f.skip), .unit = c.mask ? "mask base words" : "words"});
}

int PrintHashcat(const CrackFlags& f, std::span<const analysis::CrackTarget> targets) {
  std::set<std::pair<int, std::string>> printed;
  std::string why;
  for (const auto& target : targets) {
    auto line = analysis::ToHashcat(target);
    if (!line) {
      if (why.empty()) why = line.error().message;
      continue;
    }
    if (!printed.emplace(line->mode, line->hash).second) continue;
    if (f.json) {
      nlohmann::ordered_json out = {{"mode", line->mode},
                                    {"hash", line->hash},
                                    {"format", std::string(target.codec->name())}};
      std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << "\n";
    } else {
      std::cout << line->hash << "\n";
      std::cerr << "knox: crack: hashcat -m " << line->mode << " (format " << target.codec->name()
                << ")\n";
    }
  }
  if (printed.empty()) {
    PrintError("crack", why.empty() ? "no hashcat mode for this token" : why);
    return kExitNegative;
  }
  return kExitOk;
}

}  // namespace

int RunCrack(int argc, char** argv) {
  CLI::App app(
      "Find the signing secret of a token by verifying candidate secrets with the "
      "format's own rules.",
      "knox crack");
  CrackFlags f;
  app.add_option("TOKEN", f.token,
                 "the token (cookie value as sent); not needed with --keyspace or --stdout");
  app.add_option("--wordlist", f.wordlists,
                 "candidates, one per line: a file (.gz read transparently), a directory (its "
                 "regular files, sorted) or - for stdin; repeatable. Default: knox's bundled list "
                 "of known default and example secrets");
  app.add_option("--mask", f.mask,
                 "brute-force mask in hashcat syntax (?l ?u ?d ?h ?H ?s ?a ?b ?1-?4 ?\?)");
  for (int k = 1; k <= 4; ++k) {
    const std::string n = std::to_string(k);
    app.add_option("-" + n + ",--custom-charset" + n, f.charsets[static_cast<size_t>(k - 1)],
                   "custom charset ?" + n + " of --mask");
  }
  app.add_option("--rules-file", f.rule_files,
                 "hashcat rule file applied to every word (repeatable: the product, like "
                 "hashcat -r a -r b)");
  app.add_option("--format", f.format, "token format (default: every format the token fits)");
  app.add_option("--salt", f.salt, "salt (default: the format's)");
  app.add_option("--signature", f.signature, "cookie-session: the .sig cookie value");
  app.add_option("--digest", f.digest,
                 "the format's digest (rack's HMAC, Rails's key generator; default: the "
                 "format's, then the digests its frameworks also use)");
  app.add_option("--cookie-name", f.cookie_name,
                 "the cookie name (cookie-session's and gorilla's MAC, Rails's purpose, "
                 "Laravel's prefix)");
  app.add_flag("--rules", f.rules,
               "knox's own variants: case, suffix (digits, years) and leetspeak");
  app.add_option("--skip", f.skip,
                 "skip the first N words (mask: hashcat's base words), like hashcat -s");
  app.add_option("--limit", f.limit,
                 "try at most N words (mask: hashcat's base words), like hashcat -l");
  app.add_flag("--keyspace", f.keyspace,
               "print the number of words (mask: hashcat's base words) and exit, like hashcat "
               "--keyspace");
  app.add_flag("--stdout", f.to_stdout, "print the candidates instead of trying them");
  app.add_flag("--hashcat", f.hashcat,
               "print the token as a hashcat hash line (the mode on stderr; with --json one "
               "object {\"mode\",\"hash\"} per line) and exit");
  app.add_option("--threads", f.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  app.add_flag("--show-secret", f.show_secret, "print the secret itself");
  app.add_flag("--json", f.json, "one JSON object on stdout");
  app.add_option("--potfile", f.potfile,
                 "remember found secrets in FILE (TOKEN:SECRET lines, created 0600: it holds "
                 "secrets in clear) and answer from it — after verifying again — next time");
  app.add_option("--restore", f.restore,
                 "keep the search's restore point in FILE (every 10 s and when interrupted) and "
                 "resume from it when FILE is there; removed when the search ends");
  app.footer("Exit codes: 0 secret found, 1 not found, 2 usage error, 130 interrupted.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  if (!f.potfile.empty() && (f.keyspace || f.to_stdout || f.hashcat)) {
    PrintError("crack", "--potfile does not apply to --keyspace, --stdout or --hashcat");
    return kExitUsage;
  }
  if (f.format) {
    auto codec = token::FindCodec(*f.format);
    if (!codec) {
      PrintError("crack", codec.error().message);
      return kExitUsage;
    }
    if (int rc = CheckFormatOptions(app, **codec, false, "crack"); rc >= 0) return rc;
  }

  Candidates candidates;
  if (!f.hashcat) {
    if (auto built = Build(f, candidates); !built) {
      PrintError("crack", built.error().message);
      return kExitUsage;
    }
  }
  std::string restore_id;
  if (!f.restore.empty()) {
    auto prepared = PrepareRestore(f, candidates);
    if (!prepared) {
      PrintError("crack", prepared.error().message);
      return kExitUsage;
    }
    restore_id = std::move(*prepared);
  }
  if (f.keyspace) {
    uint64_t size = candidates.keyspace;
    if (candidates.reader) {
      auto words = CountWords(f);
      if (!words) {
        PrintError("crack", words.error().message);
        return kExitUsage;
      }
      size = *words;
    }
    std::cout << size << "\n";
    return kExitOk;
  }
  if (f.to_stdout) {
    auto count = analysis::ForEachCandidate(*candidates.stream, [](std::string_view word) {
      std::cout.write(word.data(), static_cast<std::streamsize>(word.size()));
      std::cout.put('\n');
    });
    std::cout.flush();
    if (!count) {
      PrintError("crack", count.error().message);
      return kExitUsage;
    }
    return kExitOk;
  }
  if (f.token.empty()) {
    PrintError("crack", "TOKEN is required (except with --keyspace or --stdout)");
    return kExitUsage;
  }

  std::optional<crypto::Digest> digest;
  if (f.digest) {
    auto parsed = crypto::ParseDigest(*f.digest);
    if (!parsed) {
      PrintError("crack", parsed.error().message);
      return kExitUsage;
    }
    digest = *parsed;
  }
  auto targets = analysis::PlanTargets({.token = f.token,
                                        .format = f.format,
                                        .salt = f.salt,
                                        .digest = digest,
                                        .signature = f.signature,
                                        .cookie_name = f.cookie_name});
  if (!targets) {
    PrintError("crack", targets.error().message);
    return kExitUsage;
  }
  if (f.hashcat) return PrintHashcat(f, *targets);

  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  analysis::SearchOptions options{.threads = f.threads, .cancel = &g_interrupted};
  // KNOX_CRACK_ENGINE=generic turns the fast engine off (comparisons); KNOX_SIMD picks its path.
  const char* engine = std::getenv("KNOX_CRACK_ENGINE");
  options.generic_only = engine != nullptr && std::string_view(engine) == "generic";
  const bool tty = isatty(STDERR_FILENO);
  if (tty || !f.restore.empty()) {
    auto start = std::chrono::steady_clock::now();
    auto saved = start;
    bool save_failed = false;
    options.progress = [&, start, saved, save_failed](uint64_t tried, double fraction) mutable {
      const auto now = std::chrono::steady_clock::now();
      if (!f.restore.empty() && now - saved >= std::chrono::seconds(10)) {
        saved = now;
        if (auto kept = SaveRestore(f, candidates, restore_id); !kept && !save_failed) {
          save_failed = true;  // said once; the search goes on
          std::cerr << (tty ? "\n" : "") << "knox: crack: " << kept.error().message << "\n";
        }
      }
      if (!tty) return;
      double seconds = std::chrono::duration<double>(now - start).count();
      auto rate = static_cast<uint64_t>(seconds > 0 ? static_cast<double>(tried) / seconds : 0);
      std::cerr << "\rknox crack: " << tried << " candidates, " << rate << "/s";
      if (fraction > 0) {
        auto eta = static_cast<uint64_t>(seconds * (1 - fraction) / fraction);
        std::cerr << ", " << static_cast<int>(fraction * 100) << "% done, ETA " << eta << " s   ";
      }
      std::cerr << std::flush;
    };
  }
  if (!f.restore.empty()) {
    if (auto kept = SaveRestore(f, candidates, restore_id); !kept) {
      PrintError("crack", kept.error().message);
      return kExitUsage;
    }
  }
  if (!f.potfile.empty()) {
    auto remembered = Remembered(f);
    if (!remembered) {
      PrintError("crack", remembered.error().message);
      return kExitUsage;
    }
    if (*remembered) {
      // Never trusted: the remembered secret goes through the same verification as any candidate.
      std::vector<std::string_view> one = {**remembered};
      analysis::ListSource source(one);
      analysis::SearchOptions check{.threads = 1};
      auto verified = analysis::SearchSecret(*targets, source, check);
      if (verified && verified->found) {
        if (!f.restore.empty()) (void)analysis::RemoveRestorePoint(f.restore);
        return Report(f, *verified, 0, /*from_potfile=*/true);
      }
    }
  }
  auto result = analysis::SearchSecret(*targets, *candidates.stream, options);
  if (tty) std::cerr << "\n";
  const bool resumable = !result || (g_interrupted && !result->found);
  std::string restore_note;
  if (!f.restore.empty()) {
    // An unfinished search keeps its restore point; a finished one (found or exhausted) drops it.
    auto kept = resumable ? SaveRestore(f, candidates, restore_id)
                          : analysis::RemoveRestorePoint(f.restore);
    if (!kept) {
      PrintError("crack", kept.error().message);
    } else if (resumable) {
      restore_note =
          "; restore point saved in " + f.restore + " (" + (f.mask ? "base word " : "word ") +
          std::to_string(RestoreSkip(candidates, f.skip)) + "): run the same command to resume";
    }
  }
  if (!result) {
    PrintError("crack", result.error().message + restore_note);
    return kExitUsage;
  }
  if (g_interrupted && !result->found) {
    PrintError("crack", "interrupted after " + std::to_string(result->candidates) + " candidates" +
                            restore_note);
    return kExitInterrupted;
  }
  if (result->found && !f.potfile.empty()) {
    if (auto kept = Remember(f, result->secret.reveal()); !kept) {
      PrintError("crack", "secret found but not remembered: " + kept.error().message);
    }
  }
  return Report(f, *result, candidates.reader ? candidates.reader->skipped_lines() : 0);
}

}  // namespace knox::cli
