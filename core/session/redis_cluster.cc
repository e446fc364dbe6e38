#include "core/session/redis_cluster.h"

#include <algorithm>

namespace knox::session::redis {
namespace {

std::pair<std::string, uint16_t> Key(const RedisEndpoint& e) { return {e.host, e.port}; }

}  // namespace

ClusterRouter::ClusterRouter(std::vector<RedisEndpoint> seeds, PoolOptions node)
    : seeds_(std::move(seeds)), node_options_(std::move(node)) {
  slots_.fill(-1);
}

ClusterRouter::~ClusterRouter() = default;

Pool& ClusterRouter::PoolFor(const RedisEndpoint& endpoint) {
  std::lock_guard lock(pools_mutex_);
  auto& pool = pools_[Key(endpoint)];
  if (!pool) {
    PoolOptions options = node_options_;
    options.endpoint = endpoint;
    pool = std::make_unique<Pool>(std::move(options));
  }
  return *pool;
}

Result<std::vector<ReplyPtr>> ClusterRouter::RunOn(const RedisEndpoint& node,
                                                   const std::vector<Command>& batch) {
  return PoolFor(node).Run(batch);
}

Result<void> ClusterRouter::Refresh() {
  std::vector<RedisEndpoint> candidates;
  {
    std::shared_lock lock(map_mutex_);
    candidates = masters_;
  }
  candidates.insert(candidates.end(), seeds_.begin(), seeds_.end());
  std::string last_error = "no node to ask";
  for (const RedisEndpoint& node : candidates) {
    auto replies = RunOn(node, {{"CLUSTER", "SLOTS"}});
    if (!replies) {
      last_error = replies.error().message;
      continue;
    }
    auto ranges = ParseClusterSlots(*replies->front());
    if (!ranges || ranges->empty()) {
      last_error = ranges ? "no slots served" : ranges.error().message;
      if (!ranges) last_error += ": " + ErrorText(*replies->front());
      continue;
    }
    std::vector<RedisEndpoint> masters;
    std::array<int16_t, kSlotCount> slots;
    slots.fill(-1);
    for (SlotRange& range : *ranges) {
      // A node that does not know its own address says "" (or "?"): it is the one we asked.
      if (range.master.host.empty() || range.master.host == "?") range.master.host = node.host;
      auto it = std::find(masters.begin(), masters.end(), range.master);
      if (it == masters.end()) it = masters.insert(masters.end(), range.master);
      const auto index = static_cast<int16_t>(it - masters.begin());
      std::fill(slots.begin() + range.first, slots.begin() + range.last + 1, index);
    }
    std::unique_lock lock(map_mutex_);
    masters_ = std::move(masters);
    slots_ = slots;
    refreshed_ = std::chrono::steady_clock::now();
    return {};
  }
  return Fail(ErrorCode::kUnavailable,
              "redis cluster: no node answered CLUSTER SLOTS (" + last_error + ")");
}

// Refreshes unless another thread did so after `seen` or within kMinRefreshInterval.
Result<void> ClusterRouter::RefreshIfStale(std::chrono::steady_clock::time_point seen) {
  std::lock_guard one_at_a_time(refresh_mutex_);
  {
    std::shared_lock lock(map_mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!masters_.empty() && (refreshed_ > seen || now - refreshed_ < kMinRefreshInterval)) {
      return {};
    }
  }
  return Refresh();
}

Result<void> ClusterRouter::EnsureMap() {
  {
    std::shared_lock lock(map_mutex_);
    if (!masters_.empty()) return {};
  }
  return RefreshIfStale(std::chrono::steady_clock::time_point{});
}

std::optional<RedisEndpoint> ClusterRouter::MasterFor(const Command& command) const {
  std::shared_lock lock(map_mutex_);
  if (masters_.empty()) return std::nullopt;
  if (command.size() < 2) return masters_.front();  // keyless (PING)
  const int16_t index = slots_[KeySlot(command[1])];
  if (index < 0) return std::nullopt;
  return masters_[static_cast<size_t>(index)];
}

void ClusterRouter::Remember(uint16_t slot, const RedisEndpoint& master) {
  std::unique_lock lock(map_mutex_);
  auto it = std::find(masters_.begin(), masters_.end(), master);
  if (it == masters_.end()) it = masters_.insert(masters_.end(), master);
  slots_[slot] = static_cast<int16_t>(it - masters_.begin());
}

Result<std::vector<ReplyPtr>> ClusterRouter::Run(const std::vector<Command>& commands) {
  if (auto ok = EnsureMap(); !ok) return std::unexpected(ok.error());
  std::vector<ReplyPtr> replies(commands.size());
  std::vector<std::optional<RedisEndpoint>> ask(commands.size());
  std::vector<int> redirections(commands.size(), 0);
  std::vector<size_t> pending(commands.size());
  for (size_t i = 0; i < pending.size(); ++i) pending[i] = i;
  bool refreshed_after_failure = false;

  while (!pending.empty()) {
    // Group the pending commands by the node that should answer them.
    std::map<std::pair<std::string, uint16_t>, std::pair<RedisEndpoint, std::vector<size_t>>>
        groups;
    for (size_t i : pending) {
      auto node = ask[i] ? ask[i] : MasterFor(commands[i]);
      if (!node) {
        if (refreshed_after_failure) {
          return Fail(ErrorCode::kUnavailable, "redis cluster: no master serves a key's slot");
        }
        node = RedisEndpoint{};  // resolved after the refresh below
      }
      auto& group = groups[Key(*node)];
      group.first = *node;
      group.second.push_back(i);
    }
    std::vector<size_t> next;
    bool refresh = false;
    const auto started = std::chrono::steady_clock::now();
    for (auto& [key, group] : groups) {
      const auto& [node, indices] = group;
      if (node.host.empty()) {  // slot without a known master
        next.insert(next.end(), indices.begin(), indices.end());
        refresh = true;
        continue;
      }
      std::vector<Command> batch;
      for (size_t i : indices) {
        if (ask[i]) batch.push_back({"ASKING"});
        batch.push_back(commands[i]);
      }
      auto got = RunOn(node, batch);
      if (!got) {
        if (refreshed_after_failure) return std::unexpected(got.error());
        next.insert(next.end(), indices.begin(), indices.end());
        refresh = true;
        continue;
      }
      size_t r = 0;
      for (size_t i : indices) {
        if (ask[i]) ++r;  // ASKING's +OK
        ReplyPtr reply = std::move((*got)[r++]);
        const std::string error = ErrorText(*reply);
        if (error.empty()) {
          replies[i] = std::move(reply);
          continue;
        }
        if (IsUnavailableError(error)) {
          return Fail(ErrorCode::kUnavailable, "redis cluster: " + error);
        }
        auto redirection = ParseRedirection(error);
        if (!redirection) {
          replies[i] = std::move(reply);  // an ordinary error reply: the caller reports it
          continue;
        }
        if (++redirections[i] > kMaxRedirections) {
          return Fail(ErrorCode::kUnavailable, "redis cluster: too many redirections");
        }
        if (redirection->ask) {
          ask[i] = redirection->to;
        } else {
          ask[i].reset();
          Remember(redirection->slot, redirection->to);
          refresh = true;  // other slots probably moved too
        }
        next.push_back(i);
      }
    }
    if (refresh) {
      auto ok = RefreshIfStale(started);
      if (!ok) return std::unexpected(ok.error());
      // A second unreachable node (or a slot still unserved) after a refresh is the answer.
      refreshed_after_failure = refreshed_after_failure || !next.empty();
    }
    pending = std::move(next);
  }
  return replies;
}

}  // namespace knox::session::redis
