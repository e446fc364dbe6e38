#include "conformance/analysis/secret_search.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "core/token/registry.h"

namespace knox::analysis {
namespace {

constexpr size_t kBatch = 256;

// Formats whose key is random bytes, never a word.
bool Searchable(const token::Codec& codec) {
  return codec.name() != "fernet" && codec.name() != "knox-sealed";
}

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
  t.options.cookie_name = r.cookie_name;
  t.token = r.token;
  t.signature = r.signature;
  return t;
}

// Tries one candidate against every target; the index of the target it verifies, if any.
std::optional<size_t> TryCandidate(std::span<const CrackTarget> targets, const std::string& word) {
  for (size_t i = 0; i < targets.size(); ++i) {
    token::Options options = targets[i].options;
    options.secrets.emplace_back(word);
    auto signer = targets[i].codec->NewSigner(options);
    if (!signer) continue;  // e.g. too short for the format
    if ((*signer)->Verify(targets[i].token, targets[i].signature)) return i;
  }
  return std::nullopt;
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

// Shared state of one search.
struct Search {
  std::span<const CrackTarget> targets;
  CandidateSource& source;
  std::mutex mutex;  // guards source, error, winner
  std::optional<Error> error;
  std::optional<std::pair<std::string, size_t>> winner;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> tried{0};
  std::atomic<unsigned> running{0};

  bool NextBatch(std::vector<std::string>& batch) {
    std::lock_guard lock(mutex);
    batch.clear();
    std::string word;
    while (batch.size() < kBatch && !done) {
      auto more = source.Next(word);
      if (!more) {
        error = more.error();
        done = true;
        break;
      }
      if (!*more) break;
      batch.push_back(word);
    }
    return !batch.empty();
  }

  void Worker(const std::atomic<bool>* cancel) {
    std::vector<std::string> batch;
    while (!done && !(cancel && *cancel) && NextBatch(batch)) {
      for (const auto& word : batch) {
        if (done) return;
        auto hit = TryCandidate(targets, word);
        tried.fetch_add(1, std::memory_order_relaxed);
        if (hit) {
          std::lock_guard lock(mutex);
          if (!winner) winner.emplace(word, *hit);
          done = true;
          return;
        }
      }
    }
  }
};

}  // namespace

Result<std::vector<CrackTarget>> PlanTargets(const CrackRequest& request) {
  std::vector<CrackTarget> targets;
  if (request.format) {
    auto codec = token::FindCodec(*request.format);
    if (!codec) return std::unexpected(codec.error());
    if (!Searchable(**codec)) {
      return Fail(ErrorCode::kInvalidArgument, "format keyed with random bytes; nothing to search");
    }
    auto target = MakeTarget(**codec, request);
    if (!target) return std::unexpected(target.error());
    targets.push_back(std::move(*target));
    return targets;
  }
  for (const token::Codec* codec : token::AllCodecs()) {
    if (!Searchable(*codec)) continue;
    if (auto target = MakeTarget(*codec, request)) targets.push_back(std::move(*target));
  }
  if (targets.empty()) return Fail(ErrorCode::kMalformed, "not a signed token of a known format");
  return targets;
}

Result<CrackResult> SearchSecret(std::span<const CrackTarget> targets, CandidateSource& source,
                                 const SearchOptions& options) {
  auto start = std::chrono::steady_clock::now();
  Search search{.targets = targets, .source = source};
  std::vector<std::thread> workers;
  const unsigned threads = std::max(1u, options.threads);
  search.running = threads;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      search.Worker(options.cancel);
      search.running.fetch_sub(1);
    });
  }
  while (options.progress && search.running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    double fraction = 0;
    {
      std::lock_guard lock(search.mutex);  // the source is read by the workers under this lock
      fraction = source.Progress();
    }
    options.progress(search.tried.load(), fraction);
  }
  for (auto& w : workers) w.join();
  if (search.error) return std::unexpected(*search.error);

  CrackResult result;
  result.candidates = search.tried.load();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
