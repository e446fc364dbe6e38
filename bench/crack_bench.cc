// Weak-secret search throughput: candidates per second on ONE thread (so per core) for the
// formats people crack most — a ~50-character Flask cookie, django signing.dumps (salted
// HMAC-SHA256), an express-session cookie, a JWT HS256/HS384/HS512 (the same claims), a
// cookie-session .sig, a gorilla/securecookie value with SHA-256/384/512 and Rails's signed and
// GCM-encrypted cookies under each key-generator digest (PBKDF2, 1000 iterations per candidate) —
// with the generic engine (every candidate through the codec) and the fast engine on each SIMD
// path this CPU supports (a path it lacks is reported as skipped). Two levels:
//   crack/<format>/<engine>  the whole SearchSecret loop over a list of misses (what `knox crack`
//                            does, minus reading the wordlist)
//   lanes/<format>/<path>    only MacLaneMatcher::Match on groups of 32 (the kernel's ceiling)
//   compress/<sha>/<path>    one 16-lane compression function (items = lane-blocks): the floor
//                            every candidate's few compressions stand on
// SearchSecret runs its worker on its own thread, so crack/* count the process CPU time (the
// worker; the caller only waits): a rate per busy core even on a loaded machine. Run the
// `release` preset build; the machine's other load makes single runs noisy: repeat
// (--benchmark_repetitions=5) before quoting a number.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "conformance/analysis/candidates.h"
#include "conformance/analysis/mac_lanes.h"
#include "conformance/analysis/mac_plan.h"
#include "conformance/analysis/secret_search.h"
#include "core/token/registry.h"

namespace {

using knox::analysis::CrackTarget;
using knox::crypto::ShaPath;

using knox::crypto::Digest;

struct BenchFormat {
  const char* label;
  const char* format;
  const char* payload;
  std::optional<Digest> digest;  // the signer's; the search plans as `knox crack` does unflagged
  // Rails: the search is given the key generator's digest as `--digest` would, so a row measures
  // one PBKDF2 per candidate (unflagged, `knox crack` tries SHA-1 and SHA-256: both rows' costs).
  bool pin_digest = false;
  // Candidates per iteration of the fast engine (the generic engine takes an eighth).
  size_t words = size_t{1} << 16;
};

constexpr const char* kJwtClaims = R"({"sub":"1234567890","name":"John Doe","iat":1516239022})";
constexpr const char* kGorillaValue = R"({"user_id":"123"})";
constexpr const char* kRailsSession =
    R"({"session_id":"4f1e0c6a9b2d8e7f3a5c1b0d9e8f7a6b","_csrf_token":"aW9kZXZpY2VzIGFyZSBhd2Vzb21l"})";
// A thousand PBKDF2 iterations per candidate: a few thousand candidates make an iteration.
constexpr size_t kPbkdf2Words = 2048;

// Payloads chosen for typical cookie sizes; the flask one gives a 51-character cookie. The JWT
// claims are jwt.io's example: a 111-byte signing input, two message blocks for HS256's inner hash
// and exactly one for HS384/HS512's (111 + 17 bytes of padding = 128).
const BenchFormat kFormats[] = {
    {"flask", "flask", R"({"id":"42"})", {}},
    {"django", "django", R"({"user_id":"123","role":"admin"})", {}},
    {"express", "express", "s3ss10n-1d-0f-typ1c4l-l3ngth-32ch", {}},
    {"jwt", "jwt", kJwtClaims, {}},
    {"jwt-hs384", "jwt", kJwtClaims, Digest::kSha384},
    {"jwt-hs512", "jwt", kJwtClaims, Digest::kSha512},
    {"cookie-session", "cookie-session", R"({"user_id":"123"})", {}},
    {"gorilla", "gorilla", kGorillaValue, {}},
    {"gorilla-sha384", "gorilla", kGorillaValue, Digest::kSha384},
    {"gorilla-sha512", "gorilla", kGorillaValue, Digest::kSha512},
    {"rails-signed-sha1", "rails-signed", kGorillaValue, Digest::kSha1, true, kPbkdf2Words},
    {"rails-signed-sha256", "rails-signed", kGorillaValue, Digest::kSha256, true, kPbkdf2Words},
    {"rails-encrypted-gcm", "rails-encrypted", kRailsSession, Digest::kSha1, true, kPbkdf2Words},
    {"rails-encrypted-gcm-sha256", "rails-encrypted", kRailsSession, Digest::kSha256, true,
     kPbkdf2Words},
};

// Candidates that all miss: 15-character words, as in common wordlists.
const std::vector<std::string>& Misses() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> w;
    for (int i = 0; i < 1 << 16; ++i) w.push_back("candidate" + std::to_string(100000 + i));
    return w;
  }();
  return words;
}

std::vector<CrackTarget> Targets(const BenchFormat& f) {
  const auto* codec = knox::token::FindCodec(f.format).value();
  knox::token::Options options;
  options.secrets.emplace_back("the real secret is not in the list");
  options.cookie_name = "session";
  options.timestamp = 1700000000;
  options.digest = f.digest;
  auto signed_token = codec->NewSigner(options).value()->Sign(f.payload).value();
  auto targets = knox::analysis::PlanTargets({.token = signed_token.token,
                                              .format = std::string(f.format),
                                              .digest = f.pin_digest ? f.digest : std::nullopt,
                                              .signature = signed_token.signature,
                                              .cookie_name = "session"});
  if (!targets) std::abort();
  return *targets;
}

// engine: nullopt = generic.
void BM_Crack(benchmark::State& state, const BenchFormat* f, std::optional<ShaPath> path) {
  if (path && !knox::crypto::ShaPathSupported(*path)) {
    state.SkipWithError("this CPU cannot run this path");
    return;
  }
  const auto targets = Targets(*f);
  std::vector<std::string_view> views(Misses().begin(), Misses().begin() + f->words);
  // The generic engine is ~10x slower: give it a slice so one iteration stays short.
  if (!path) views.resize(views.size() / 8);
  uint64_t candidates = 0;
  for (auto _ : state) {
    knox::analysis::ListSource source(views);
    auto result = knox::analysis::SearchSecret(targets, source,
                                               {.threads = 1, .generic_only = !path, .simd = path});
    if (!result || result->found) std::abort();
    candidates += result->candidates;
  }
  state.SetItemsProcessed(static_cast<int64_t>(candidates));
  state.SetLabel(std::string(f->format) + " " +
                 (path ? std::string(knox::crypto::ShaPathName(*path)) : "generic"));
}

void BM_Lanes(benchmark::State& state, const BenchFormat* f, ShaPath path) {
  if (!knox::crypto::ShaPathSupported(path)) {
    state.SkipWithError("this CPU cannot run this path");
    return;
  }
  auto plan = knox::analysis::PlanMac(Targets(*f).front());
  if (!plan) std::abort();
  auto matcher = knox::analysis::MacLaneMatcher::Create(*plan, path).value();
  std::vector<std::string_view> views(Misses().begin(), Misses().end());
  size_t at = 0;
  for (auto _ : state) {
    constexpr size_t kWidth = knox::analysis::MacLaneMatcher::kWidth;
    benchmark::DoNotOptimize(matcher.Match(std::span(views).subspan(at, kWidth)));
    at = at + 2 * kWidth > views.size() ? 0 : at + kWidth;
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * knox::analysis::MacLaneMatcher::kWidth));
}

template <typename Word, typename Fn>
void BM_Compress(benchmark::State& state, Fn compress, ShaPath path) {
  if (!knox::crypto::ShaPathSupported(path)) {
    state.SkipWithError("this CPU cannot run this path");
    return;
  }
  alignas(64) Word lane_state[8 * knox::crypto::kShaLanes] = {};
  alignas(64) Word block[16 * knox::crypto::kShaLanes];
  for (size_t i = 0; i < std::size(block); ++i)
    block[i] = static_cast<Word>(i * 0x9e3779b97f4a7c15);
  for (auto _ : state) {
    compress(lane_state, block);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * knox::crypto::kShaLanes));
}

// Two 16-lane blocks at once; items = lane-blocks (32 per call).
void BM_CompressPair(benchmark::State& state, knox::crypto::ShaPairCompressFn compress,
                     ShaPath path) {
  if (!knox::crypto::ShaPathSupported(path)) {
    state.SkipWithError("this CPU cannot run this path");
    return;
  }
  alignas(64) uint32_t a[8 * knox::crypto::kShaLanes] = {}, b[8 * knox::crypto::kShaLanes] = {};
  alignas(64) uint32_t block[16 * knox::crypto::kShaLanes];
  for (size_t i = 0; i < std::size(block); ++i) block[i] = static_cast<uint32_t>(i * 0x9e3779b9);
  for (auto _ : state) {
    compress(a, block, b, block);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2 * knox::crypto::kShaLanes));
}

void BM_CompressFixedPair(benchmark::State& state, knox::crypto::ShaFixedPairCompressFn compress) {
  if (compress == nullptr) {
    state.SkipWithError("this path has no fixed kernel (or the CPU cannot run it)");
    return;
  }
  alignas(64) uint32_t a[8 * knox::crypto::kShaLanes] = {}, b[8 * knox::crypto::kShaLanes] = {};
  uint32_t inputs[knox::crypto::kSha1Rounds];
  for (size_t i = 0; i < std::size(inputs); ++i) inputs[i] = static_cast<uint32_t>(i * 0x9e3779b9);
  for (auto _ : state) {
    compress(a, b, inputs);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2 * knox::crypto::kShaLanes));
}

}  // namespace

int main(int argc, char** argv) {
  for (const BenchFormat& f : kFormats) {
    const std::string label = f.label;
    benchmark::RegisterBenchmark(("crack/" + label + "/generic").c_str(), BM_Crack, &f,
                                 std::nullopt)
        ->Unit(benchmark::kMillisecond)
        ->MeasureProcessCPUTime();
    for (ShaPath p : knox::crypto::AllShaPaths()) {
      const std::string name(knox::crypto::ShaPathName(p));
      benchmark::RegisterBenchmark(("crack/" + label + "/" + name).c_str(), BM_Crack, &f,
                                   std::optional<ShaPath>(p))
          ->Unit(benchmark::kMillisecond)
          ->MeasureProcessCPUTime();
      benchmark::RegisterBenchmark(("lanes/" + label + "/" + name).c_str(), BM_Lanes, &f, p);
    }
  }
  for (ShaPath p : knox::crypto::AllShaPaths()) {
    const std::string name(knox::crypto::ShaPathName(p));
    const bool supported = knox::crypto::ShaPathSupported(p);
    using knox::crypto::Sha1Compress16;
    using knox::crypto::Sha256Compress16;
    using knox::crypto::Sha512Compress16;
    benchmark::RegisterBenchmark(("compress/sha1/" + name).c_str(),
                                 BM_Compress<uint32_t, knox::crypto::ShaCompressFn>,
                                 supported ? Sha1Compress16(p) : nullptr, p);
    benchmark::RegisterBenchmark(("compress/sha256/" + name).c_str(),
                                 BM_Compress<uint32_t, knox::crypto::ShaCompressFn>,
                                 supported ? Sha256Compress16(p) : nullptr, p);
    using knox::crypto::Sha1CompressFixedPair16;
    using knox::crypto::Sha1CompressPair16;
    using knox::crypto::Sha256CompressFixedPair16;
    using knox::crypto::Sha256CompressPair16;
    benchmark::RegisterBenchmark(("compress/sha1-pair/" + name).c_str(), BM_CompressPair,
                                 supported ? Sha1CompressPair16(p) : nullptr, p);
    benchmark::RegisterBenchmark(("compress/sha256-pair/" + name).c_str(), BM_CompressPair,
                                 supported ? Sha256CompressPair16(p) : nullptr, p);
    benchmark::RegisterBenchmark(("compress/sha1-fixed-pair/" + name).c_str(), BM_CompressFixedPair,
                                 supported ? Sha1CompressFixedPair16(p) : nullptr);
    benchmark::RegisterBenchmark(("compress/sha256-fixed-pair/" + name).c_str(),
                                 BM_CompressFixedPair,
                                 supported ? Sha256CompressFixedPair16(p) : nullptr);
    benchmark::RegisterBenchmark(("compress/sha512/" + name).c_str(),
                                 BM_Compress<uint64_t, knox::crypto::Sha512CompressFn>,
                                 supported ? Sha512Compress16(p) : nullptr, p);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
