#include "core/session/redis_cluster.h"

#include <algorithm>
#include <charconv>

namespace knox::session::redis {
namespace {

std::pair<std::string, uint16_t> Key(const RedisEndpoint& e) { return {e.host, e.port}; }

bool IsUnavailableError(std::string_view error) {
  for (std::string_view prefix : {"CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN"}) {
    if (error.starts_with(prefix)) return true;
  }
  return false;
}

std::optional<int64_t> IntegerOf(const redisReply& r) {
  if (r.type != REDIS_REPLY_INTEGER) return std::nullopt;
  return r.integer;
}

}  // namespace

uint16_t Crc16(std::string_view bytes) {
  uint16_t crc = 0;
  for (unsigned char b : bytes) {
    crc = static_cast<uint16_t>(crc ^ (static_cast<uint16_t>(b) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) != 0 ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                                : static_cast<uint16_t>(crc << 1);
    }
  }
  return crc;
}

uint16_t KeySlot(std::string_view key) {
  const size_t open = key.find('{');
  if (open != std::string_view::npos) {
    const size_t close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return Crc16(key) & (kSlotCount - 1);
}

Result<std::vector<SlotRange>> ParseClusterSlots(const redisReply& reply) {
  auto bad = [] { return Fail(ErrorCode::kInternal, "redis cluster: unexpected CLUSTER SLOTS"); };
  if (reply.type != REDIS_REPLY_ARRAY) return bad();
  std::vector<SlotRange> ranges;
  for (size_t i = 0; i < reply.elements; ++i) {
    const redisReply& range = *reply.element[i];
    if (range.type != REDIS_REPLY_ARRAY || range.elements < 3) return bad();
    auto first = IntegerOf(*range.element[0]);
    auto last = IntegerOf(*range.element[1]);
    const redisReply& master = *range.element[2];
    if (!first || !last || *first < 0 || *first > *last || *last >= kSlotCount ||
        master.type != REDIS_REPLY_ARRAY || master.elements < 2 ||
        master.element[0]->type != REDIS_REPLY_STRING) {
      return bad();
    }
    auto port = IntegerOf(*master.element[1]);
    if (!port || *port < 1 || *port > 65535) return bad();
    ranges.push_back(
        SlotRange{.first = static_cast<uint16_t>(*first),
                  .last = static_cast<uint16_t>(*last),
                  .master = {.host = std::string(master.element[0]->str, master.element[0]->len),
                             .port = static_cast<uint16_t>(*port)}});
  }
  return ranges;
}

std::optional<Redirection> ParseRedirection(std::string_view error) {
  Redirection r;
  if (error.starts_with("MOVED ")) {
    error.remove_prefix(6);
  } else if (error.starts_with("ASK ")) {
    r.ask = true;
    error.remove_prefix(4);
  } else {
    return std::nullopt;
  }
  const size_t space = error.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view slot_text = error.substr(0, space);
  const std::string_view endpoint = error.substr(space + 1);
  unsigned slot = 0;
  auto [end, ec] = std::from_chars(slot_text.data(), slot_text.data() + slot_text.size(), slot);
  if (ec != std::errc() || end != slot_text.data() + slot_text.size() || slot >= kSlotCount) {
    return std::nullopt;
  }
  const size_t colon = endpoint.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = endpoint.substr(0, colon);
  const std::string_view port_text = endpoint.substr(colon + 1);
  unsigned port = 0;
  auto [pend, pec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (pec != std::errc() || pend != port_text.data() + port_text.size() || port < 1 ||
      port > 65535) {
    return std::nullopt;
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return std::nullopt;
  r.slot = static_cast<uint16_t>(slot);
  r.to = RedisEndpoint{.host = std::string(host), .port = static_cast<uint16_t>(port)};
  return r;
}

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
