#include "conformance/analysis/secret_search.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "conformance/analysis/mac_lanes.h"
#include "conformance/analysis/mac_plan.h"
#include "core/token/registry.h"

namespace knox::analysis {
namespace {

// Candidates a worker takes from its cursor at once: a multiple of the matchers' width.
constexpr size_t kBatch = 256;
static_assert(kBatch % MacLaneMatcher::kWidth == 0);
// Formats a token can match at once (PlanTargets makes one target per codec).
constexpr size_t kMaxTargets = 64;

// Formats whose key is random bytes, never a word, are not searched.
bool Searchable(const token::Codec& codec) { return token::Searchable(codec.traits()); }

// A time at which the token is valid, so that age rules never hide a correct key.
int64_t PinnedMillis(const token::Decoded& d) {
  if (d.expires) return (*d.expires - 1) * 1000;
  if (d.timestamp) return *d.timestamp * 1000;
  return SystemClock::Instance().NowMillis();
}

Result<CrackTarget> MakeTarget(const token::Codec& codec, const CrackRequest& r) {
  auto decoded = codec.Decode(r.token, {});
  if (!decoded) return std::unexpected(decoded.error());
  CrackTarget t;
  t.codec = &codec;
  t.clock = std::make_shared<FakeClock>(PinnedMillis(*decoded));
  t.options.clock = t.clock.get();
  t.options.salt = r.salt;
  t.options.digest = r.digest;
  t.options.cookie_name = r.cookie_name;
  t.token = r.token;
  t.signature = r.signature;
  // Options the format refuses whatever the secret (gorilla without a cookie name, a digest the
  // format lacks) are the caller's mistake, said once here rather than by every candidate.
  token::Options probe = t.options;
  probe.secrets.emplace_back(codec.KeyFromRandomBytes(std::string(32, '\0')));
  if (auto signer = codec.NewSigner(probe);
      !signer && signer.error().code == ErrorCode::kInvalidArgument) {
    return std::unexpected(signer.error());
  }
  if (!codec.CouldVerify(t.options, r.token)) {
    return Fail(ErrorCode::kNotFound,
                "format " + std::string(codec.name()) +
                    ": no secret verifies this token with these options (its MAC is not the "
                    "digest's size)");
  }
  return t;
}

// Whether `word` verifies `target` through the real codec.
bool Verifies(const CrackTarget& target, std::string_view word) {
  token::Options options = target.options;
  options.secrets.emplace_back(word);
  auto signer = target.codec->NewSigner(options);
  if (!signer) return false;  // e.g. too short for the format
  return (*signer)->Verify(target.token, target.signature).has_value();
}

bool Resigns(const CrackTarget& target, const std::string& secret) {
  token::Options options = target.options;
  options.secrets.emplace_back(secret);
  auto signer = target.codec->NewSigner(options);
  if (!signer) return false;
  auto verified = (*signer)->Verify(target.token, target.signature);
  if (!verified) return false;
  options.timestamp = verified->timestamp;
  auto resigner = target.codec->NewSigner(options);
  if (!resigner) return false;
  auto again = (*resigner)->Sign(verified->value);
  return again && again->token == target.token && again->signature == target.signature;
}

// The fast engine's matcher of each target, or nullopt where the target is searched generically.
Result<std::vector<std::optional<MacLaneMatcher>>> MakeMatchers(
    std::span<const CrackTarget> targets, const SearchOptions& options) {
  std::vector<std::optional<MacLaneMatcher>> matchers(targets.size());
  if (options.generic_only) return matchers;
  auto path =
      options.simd ? Result<crypto::ShaPath>(*options.simd) : crypto::ShaPathFromEnvironment();
  if (!path) return std::unexpected(path.error());
  for (size_t i = 0; i < targets.size(); ++i) {
    auto plan = PlanMac(targets[i]);
    if (!plan) continue;
    auto matcher = MacLaneMatcher::Create(*plan, *path);
    if (!matcher) return std::unexpected(matcher.error());
    matchers[i].emplace(std::move(*matcher));
  }
  return matchers;
}

// Shared state of one search.
struct Search {
  std::span<const CrackTarget> targets;
  std::span<const std::optional<MacLaneMatcher>> matchers;  // per target; nullopt: generic
  CandidateStream& stream;
  bool all_on_lanes = false;  // every target has a matcher
  std::mutex mutex;           // guards error, winner
  std::optional<Error> error;
  std::optional<std::pair<std::string, size_t>> winner;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> tried{0};
  std::atomic<unsigned> running{0};

  // The first target (in order) that `word` verifies; `lane_hits[t]` says whether target t's
  // matcher let the word through (ignored for generic targets).
  std::optional<size_t> FirstVerified(std::string_view word, std::span<const bool> lane_hits) {
    for (size_t t = 0; t < targets.size(); ++t) {
      if (matchers[t] && !lane_hits[t]) continue;
      if (Verifies(targets[t], word)) return t;
    }
    return std::nullopt;
  }

  // Candidates views[0..n), n <= MacLaneMatcher::kWidth. True when one verified.
  bool TryGroup(std::span<const std::string_view> views) {
    const size_t n = views.size();
    uint32_t masks[kMaxTargets] = {};
    uint32_t any_lane = 0;
    for (size_t t = 0; t < targets.size(); ++t) {
      if (matchers[t]) any_lane |= masks[t] = matchers[t]->Match(views);
    }
    // Every target on the lanes and no lane flagged (nearly every group): nothing to verify.
    if (any_lane == 0 && all_on_lanes) {
      tried.fetch_add(n, std::memory_order_relaxed);
      return false;
    }
    bool lane_hits[kMaxTargets] = {};
    for (size_t i = 0; i < n; ++i) {
      for (size_t t = 0; t < targets.size(); ++t) lane_hits[t] = (masks[t] >> i) & 1;
      auto hit = FirstVerified(views[i], std::span(lane_hits, targets.size()));
      if (hit) {
        tried.fetch_add(i + 1, std::memory_order_relaxed);
        std::lock_guard lock(mutex);
        if (!winner) winner.emplace(std::string(views[i]), *hit);
        done = true;
        return true;
      }
    }
    tried.fetch_add(n, std::memory_order_relaxed);
    return false;
  }

  void Worker(const std::atomic<bool>* cancel) {
    auto cursor = stream.NewCursor();
    std::string_view batch[kBatch];
    while (!done && !(cancel && *cancel)) {
      auto n = cursor->Next(batch);
      if (!n) {
        std::lock_guard lock(mutex);
        if (!error) error = n.error();
        done = true;
        return;
      }
      if (*n == 0) return;
      for (size_t begin = 0; begin < *n && !done; begin += MacLaneMatcher::kWidth) {
        const size_t count = std::min(MacLaneMatcher::kWidth, *n - begin);
        if (TryGroup(std::span<const std::string_view>(batch + begin, count))) return;
      }
    }
  }
};

}  // namespace

namespace {

// The target with the request's salt (or the format's default), then one per usual digest and
// usual salt. A target the token's shape rules out (kNotFound from MakeTarget) is left out; when
// that leaves the format with none, the format refuses the options (kInvalidArgument).
Result<void> AddTargets(const token::Codec& codec, const CrackRequest& request,
                        std::vector<CrackTarget>& targets) {
  const size_t before = targets.size();
  std::optional<Error> unfit;
  auto target = MakeTarget(codec, request);
  if (target) {
    targets.push_back(std::move(*target));
  } else if (target.error().code == ErrorCode::kNotFound) {
    unfit = target.error();
  } else {
    return std::unexpected(target.error());
  }
  // Key digests a framework uses besides the library default (Rails 7's SHA-256 key generator,
  // keygrip's sha256), tried when no digest is given. When some digest's fast plan fits the
  // token (its MAC has that digest's length and encoding), the digests whose plan does not fit
  // cannot have made it and are dropped; when none fits (Rails: no plan at all), all are kept.
  if (!request.digest && !codec.traits().usual_digests.empty()) {
    const size_t first = before;
    for (crypto::Digest digest : codec.traits().usual_digests) {
      CrackRequest digested = request;
      digested.digest = digest;
      if (auto more = MakeTarget(codec, digested)) targets.push_back(std::move(*more));
    }
    auto fits = [&codec](const CrackTarget& t) {
      return codec.PlanMac(t.options, t.token, t.signature).has_value();
    };
    const bool any_fits =
        std::any_of(targets.begin() + static_cast<ptrdiff_t>(first), targets.end(), fits);
    if (any_fits) {
      targets.erase(std::remove_if(targets.begin() + static_cast<ptrdiff_t>(first), targets.end(),
                                   [&](const CrackTarget& t) { return !fits(t); }),
                    targets.end());
    }
  }
  // Salts a framework uses with this format besides the library default (e.g. Django's
  // signed_cookies session backend), tried when no salt is given.
  if (!request.salt) {
    for (std::string_view salt : codec.traits().usual_salts) {
      CrackRequest salted = request;
      salted.salt = std::string(salt);
      if (auto more = MakeTarget(codec, salted)) targets.push_back(std::move(*more));
    }
  }
  if (targets.size() == before && unfit) {
    return Fail(ErrorCode::kInvalidArgument, unfit->message);
  }
  return {};
}

}  // namespace

Result<std::vector<CrackTarget>> PlanTargets(const CrackRequest& request) {
  std::vector<CrackTarget> targets;
  if (request.format) {
    auto codec = token::FindCodec(*request.format);
    if (!codec) return std::unexpected(codec.error());
    if (!Searchable(**codec)) {
      return Fail(ErrorCode::kInvalidArgument, "format keyed with random bytes; nothing to search");
    }
    if (request.digest && !(*codec)->traits().options.Has(token::Opt::kDigest)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--digest does not apply to format " + std::string((*codec)->name()));
    }
    if (auto ok = AddTargets(**codec, request, targets); !ok) return std::unexpected(ok.error());
    return targets;
  }
  std::optional<Error> refused;  // a format that decodes the token but refuses the options
  for (const token::Codec* codec : token::AllCodecs()) {
    if (!Searchable(*codec)) continue;
    CrackRequest fitted = request;
    // Without --format, --digest applies to the formats that have one.
    if (!codec->traits().options.Has(token::Opt::kDigest)) fitted.digest.reset();
    // A codec that does not decode it adds nothing.
    if (auto added = AddTargets(*codec, fitted, targets);
        !added && added.error().code == ErrorCode::kInvalidArgument && !refused) {
      refused = added.error();
    }
  }
  if (targets.empty() && refused) return std::unexpected(*refused);
  if (targets.empty()) return Fail(ErrorCode::kMalformed, "not a signed token of a known format");
  return targets;
}

Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateSource& source,
                                 const SearchOptions& options) {
  LockedStream stream(source);
  return SearchSecret(targets, stream, options);
}

Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateStream& stream,
                                 const SearchOptions& options) {
  auto start = std::chrono::steady_clock::now();
  if (targets.size() > kMaxTargets) return Fail(ErrorCode::kLimitExceeded, "too many targets");
  auto matchers = MakeMatchers(targets, options);
  if (!matchers) return std::unexpected(matchers.error());
  Search search{.targets = targets, .matchers = *matchers, .stream = stream};
  search.all_on_lanes =
      std::all_of(matchers->begin(), matchers->end(), [](const auto& m) { return m.has_value(); });
  std::vector<std::thread> workers;
  const unsigned threads = std::max(1u, options.threads);
  workers.reserve(threads);
  search.running = threads;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      search.Worker(options.cancel);
      search.running.fetch_sub(1);
    });
  }
  while (options.progress && search.running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    options.progress(search.tried.load(), stream.Progress());
  }
  for (auto& w : workers) w.join();
  if (search.error) return std::unexpected(*search.error);

  CrackResult result;
  result.candidates = search.tried.load();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.targets = targets.size();
  for (const auto& m : *matchers) {
    if (!m) continue;
    ++result.fast_targets;
    result.simd = std::string(crypto::ShaPathName(m->path()));
  }
  if (search.winner) {
    const auto& [word, index] = *search.winner;
    result.found = true;
    result.secret = crypto::SecretBytes(word);
    result.format = std::string(targets[index].codec->name());
    result.resigned_identical = Resigns(targets[index], word);
  }
  return result;
}

}  // namespace knox::analysis
