#include "core/session/redis_store.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/base/hex.h"
#include "core/crypto/digest.h"
#include "core/session/redis_cluster.h"
#include "core/session/redis_connection.h"

namespace knox::session {
namespace {

using nlohmann::json;
using Command = redis::Command;

using redis::ReplyPtr;

// ---- URL parsing ----

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool IsIpv6Char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' ||
         c == '.';
}

Result<uint16_t> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: port must be a number 1..65535");
  }
  int port = 0;
  for (char c : text) port = port * 10 + (c - '0');
  if (port < 1 || port > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: port must be a number 1..65535");
  }
  return static_cast<uint16_t>(port);
}

// Splits "host[:port]" or "[v6][:port]".
Result<RedisEndpoint> ParseAuthority(std::string_view authority) {
  RedisEndpoint endpoint;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument, "redis URL: unclosed '[' in IPv6 host");
    }
    std::string_view host = authority.substr(1, close - 1);
    if (host.empty() || !std::all_of(host.begin(), host.end(), IsIpv6Char)) {
      return Fail(ErrorCode::kInvalidArgument, "redis URL: invalid IPv6 host");
    }
    endpoint.host = std::string(host);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      return Fail(ErrorCode::kInvalidArgument, "redis URL: unexpected text after ']'");
    }
    if (!rest.empty()) port_text = rest.substr(1);
    if (!rest.empty() && port_text.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "redis URL: empty port");
    }
  } else {
    size_t colon = authority.find(':');
    std::string_view host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.find(':') != std::string_view::npos) {
        return Fail(ErrorCode::kInvalidArgument, "redis URL: IPv6 hosts need brackets");
      }
      if (port_text.empty()) return Fail(ErrorCode::kInvalidArgument, "redis URL: empty port");
    }
    if (host.empty()) return Fail(ErrorCode::kInvalidArgument, "redis URL: empty host");
    if (!std::all_of(host.begin(), host.end(), IsHostChar)) {
      return Fail(ErrorCode::kInvalidArgument, "redis URL: invalid character in host");
    }
    endpoint.host = std::string(host);
  }
  if (!port_text.empty()) {
    auto port = ParsePort(port_text);
    if (!port) return std::unexpected(port.error());
    endpoint.port = *port;
  }
  return endpoint;
}

// ---- Record <-> JSON ----

std::string EncodeRecord(const SessionRecord& r) {
  json j = {{"u", r.user},      {"r", r.roles},           {"c", r.created_at},
            {"l", r.last_seen}, {"a", r.absolute_expiry}, {"d", r.data}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool ReadInt(const json& j, const char* name, int64_t& out) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number_integer()) return false;
  out = it->get<int64_t>();
  return true;
}

Result<SessionRecord> DecodeRecord(std::string_view text) {
  auto corrupt = [] { return Fail(ErrorCode::kInternal, "redis store: corrupt session record"); };
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return corrupt();
  SessionRecord r;
  auto u = j.find("u"), roles = j.find("r"), data = j.find("d");
  if (u == j.end() || !u->is_string() || roles == j.end() || !roles->is_array() ||
      data == j.end() || !data->is_object()) {
    return corrupt();
  }
  r.user = u->get<std::string>();
  if (!ReadInt(j, "c", r.created_at) || !ReadInt(j, "l", r.last_seen) ||
      !ReadInt(j, "a", r.absolute_expiry)) {
    return corrupt();
  }
  for (const auto& role : *roles) {
    if (!role.is_string()) return corrupt();
    r.roles.push_back(role.get<std::string>());
  }
  for (const auto& [k, v] : data->items()) {
    if (!v.is_string()) return corrupt();
    r.data.emplace(k, v.get<std::string>());
  }
  return r;
}

Result<void> CheckTtl(std::chrono::milliseconds ttl) {
  if (ttl.count() <= 0) return Fail(ErrorCode::kInvalidArgument, "session store: ttl must be > 0");
  return {};
}

}  // namespace

Result<RedisEndpoint> ParseRedisUrl(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.starts_with("rediss://")) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: TLS (rediss://) is not supported");
  }
  if (!url.starts_with(kScheme)) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: must start with redis://");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument,
                "redis URL: user names and passwords are not supported");
  }
  if (rest.find('/') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: a database path is not supported");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "redis URL: query or fragment is not supported");
  }
  return ParseAuthority(rest);
}

Result<std::vector<RedisEndpoint>> ParseRedisClusterUrl(std::string_view url) {
  constexpr std::string_view kScheme = "redis-cluster://";
  if (!url.starts_with(kScheme)) {
    return Fail(ErrorCode::kInvalidArgument, "redis cluster URL: must start with redis-cluster://");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  std::vector<RedisEndpoint> seeds;
  while (true) {
    const size_t comma = rest.find(',');
    auto seed = ParseRedisUrl("redis://" + std::string(rest.substr(0, comma)));
    if (!seed) {
      std::string message = seed.error().message;
      if (message.starts_with("redis URL")) message.replace(0, 9, "redis cluster URL");
      return Fail(ErrorCode::kInvalidArgument, message);
    }
    seeds.push_back(std::move(*seed));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return seeds;
}

// ---- Command execution ----

struct RedisStore::Impl {
  RedisOptions options;
  const Clock& clock;
  std::unique_ptr<redis::Executor> executor;  // a Pool (one node) or a ClusterRouter
  redis::ClusterRouter* cluster = nullptr;    // the executor, in cluster mode

  Impl(RedisOptions o, const Clock& c) : options(std::move(o)), clock(c) {
    redis::PoolOptions pool{.endpoint = options.endpoint,
                            .pool_size = options.pool_size,
                            .connect_timeout = options.connect_timeout,
                            .command_timeout = options.command_timeout};
    if (options.cluster_seeds.empty()) {
      executor = std::make_unique<redis::Pool>(std::move(pool));
    } else {
      auto router = std::make_unique<redis::ClusterRouter>(options.cluster_seeds, std::move(pool));
      cluster = router.get();
      executor = std::move(router);
    }
  }

  // Runs the commands (one pipeline on one node; grouped per master on a cluster); an error
  // reply is kInternal.
  Result<std::vector<ReplyPtr>> Run(const std::vector<Command>& commands) {
    auto replies = executor->Run(commands);
    if (!replies) return std::unexpected(replies.error());
    return redis::CheckErrors(std::move(*replies));
  }

  std::string SessionKeyName(const SessionKey& key) const {
    return options.key_prefix + "s:" + key.Hex();
  }
  std::string UserKeyName(std::string_view user) const {
    return options.key_prefix + "u:" + HexEncode(crypto::Hash(crypto::Digest::kSha256, user));
  }
  std::string RevokedTokenKeyName(std::string_view token_id) const {
    return options.key_prefix + "r:t:" + HexEncode(token_id);
  }
  std::string RevokedUserKeyName(std::string_view user) const {
    return options.key_prefix + "r:u:" + HexEncode(crypto::Hash(crypto::Digest::kSha256, user));
  }
  // How long a revocation ending at `expires_at` must be kept, in ms; <= 0 when it already ended.
  int64_t RevocationTtl(int64_t expires_at) const {
    const int64_t left = expires_at - clock.NowMillis();
    if (left <= 0) return 0;
    return left + std::chrono::milliseconds(RedisStore::kRevocationSkewAllowance).count();
  }

  Result<bool> Write(const SessionKey& key, const SessionRecord& record,
                     std::chrono::milliseconds ttl, bool only_if_exists);
  Result<std::optional<SessionRecord>> Fetch(const Command& command);
};

Result<bool> RedisStore::Impl::Write(const SessionKey& key, const SessionRecord& record,
                                     std::chrono::milliseconds ttl, bool only_if_exists) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  if (auto ok = ValidateRecord(record); !ok) return std::unexpected(ok.error());
  int64_t now = clock.NowMillis();
  int64_t to_end = record.absolute_expiry - now;
  if (to_end <= 0) {  // already past its absolute expiry: nothing to keep
    auto deleted = Run({{"DEL", SessionKeyName(key)}});
    if (!deleted) return std::unexpected(deleted.error());
    return !only_if_exists || (*deleted)[0]->integer == 1;
  }
  std::string px = std::to_string(std::min(ttl.count(), to_end));
  std::string index = UserKeyName(record.user);
  std::string index_ttl = std::to_string(to_end);
  Command set = {"SET", SessionKeyName(key), EncodeRecord(record), "PX", px};
  if (only_if_exists) set.emplace_back("XX");
  auto replies = Run({set,
                      {"SADD", index, key.Hex()},
                      {"PEXPIRE", index, index_ttl, "NX"},
                      {"PEXPIRE", index, index_ttl, "GT"}});
  if (!replies) return std::unexpected(replies.error());
  return (*replies)[0]->type != REDIS_REPLY_NIL;
}

Result<std::optional<SessionRecord>> RedisStore::Impl::Fetch(const Command& command) {
  auto replies = Run({command});
  if (!replies) return std::unexpected(replies.error());
  const redisReply* r = (*replies)[0].get();
  if (r->type == REDIS_REPLY_NIL) return std::optional<SessionRecord>();
  if (r->type != REDIS_REPLY_STRING) {
    return Fail(ErrorCode::kInternal,
                "redis store: unexpected reply type " + std::to_string(r->type));
  }
  auto record = DecodeRecord(std::string_view(r->str, r->len));
  if (!record) return std::unexpected(record.error());
  return std::optional<SessionRecord>(std::move(*record));
}

// ---- RedisStore ----

Result<std::unique_ptr<RedisStore>> RedisStore::Create(RedisOptions options, const Clock& clock) {
  std::vector<RedisEndpoint> nodes = options.cluster_seeds;
  if (nodes.empty()) nodes.push_back(options.endpoint);
  for (const RedisEndpoint& node : nodes) {
    if (node.host.empty()) return Fail(ErrorCode::kInvalidArgument, "redis: empty host");
    if (node.port == 0) return Fail(ErrorCode::kInvalidArgument, "redis: port 0");
  }
  if (options.pool_size == 0) return Fail(ErrorCode::kInvalidArgument, "redis: pool size 0");
  if (options.connect_timeout.count() <= 0 || options.command_timeout.count() <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "redis: timeouts must be > 0");
  }
  auto impl = std::make_unique<Impl>(std::move(options), clock);
  return std::unique_ptr<RedisStore>(new RedisStore(std::move(impl)));
}

RedisStore::RedisStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedisStore::~RedisStore() = default;

Result<void> RedisStore::Ping() {
  auto replies = impl_->Run({{"PING"}});
  if (!replies) return std::unexpected(replies.error());
  return {};
}

Result<std::optional<SessionRecord>> RedisStore::Load(const SessionKey& key) {
  return impl_->Fetch({"GET", impl_->SessionKeyName(key)});
}

Result<std::optional<SessionRecord>> RedisStore::LoadAndTouch(const SessionKey& key,
                                                              std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  return impl_->Fetch({"GETEX", impl_->SessionKeyName(key), "PX", std::to_string(ttl.count())});
}

Result<void> RedisStore::Save(const SessionKey& key, const SessionRecord& record,
                              std::chrono::milliseconds ttl) {
  auto written = impl_->Write(key, record, ttl, /*only_if_exists=*/false);
  if (!written) return std::unexpected(written.error());
  return {};
}

Result<bool> RedisStore::Replace(const SessionKey& key, const SessionRecord& record,
                                 std::chrono::milliseconds ttl) {
  return impl_->Write(key, record, ttl, /*only_if_exists=*/true);
}

Result<bool> RedisStore::Touch(const SessionKey& key, std::chrono::milliseconds ttl) {
  if (auto ok = CheckTtl(ttl); !ok) return std::unexpected(ok.error());
  auto replies = impl_->Run({{"PEXPIRE", impl_->SessionKeyName(key), std::to_string(ttl.count())}});
  if (!replies) return std::unexpected(replies.error());
  return (*replies)[0]->integer == 1;
}

Result<void> RedisStore::Destroy(const SessionKey& key) {
  auto replies = impl_->Run({{"DEL", impl_->SessionKeyName(key)}});
  if (!replies) return std::unexpected(replies.error());
  return {};
}

// Reads every record the user's index names and deletes those that still belong to the user (an
// index entry can be stale: the key expired, or was re-saved for another user), then removes the
// members it saw from the index — only those, so a concurrent login keeps its entry.
Result<size_t> RedisStore::DestroyAllForUser(std::string_view user) {
  std::string index = impl_->UserKeyName(user);
  auto members = impl_->Run({{"SMEMBERS", index}});
  if (!members) return std::unexpected(members.error());
  const redisReply* set = (*members)[0].get();
  if (set->type != REDIS_REPLY_ARRAY || set->elements == 0) return size_t{0};
  std::vector<Command> gets;
  Command srem = {"SREM", index};
  for (size_t i = 0; i < set->elements; ++i) {
    std::string hex(set->element[i]->str, set->element[i]->len);
    gets.push_back({"GET", impl_->options.key_prefix + "s:" + hex});
    srem.push_back(std::move(hex));
  }
  auto records = impl_->Run(gets);
  if (!records) return std::unexpected(records.error());
  // One DEL per key: on a cluster the keys live in different slots.
  std::vector<Command> cleanup;
  for (size_t i = 0; i < gets.size(); ++i) {
    const redisReply* r = (*records)[i].get();
    if (r->type != REDIS_REPLY_STRING) continue;
    auto record = DecodeRecord(std::string_view(r->str, r->len));
    if (record && record->user == user) cleanup.push_back({"DEL", gets[i][1]});
  }
  const size_t deletions = cleanup.size();
  cleanup.push_back(std::move(srem));
  auto replies = impl_->Run(cleanup);
  if (!replies) return std::unexpected(replies.error());
  size_t destroyed = 0;
  for (size_t i = 0; i < deletions; ++i) destroyed += (*replies)[i]->integer == 1 ? 1 : 0;
  return destroyed;
}

// ---- Revocations (sealed mode) ----

Result<void> RedisStore::Revoke(std::string_view token_id, int64_t expires_at) {
  const int64_t ttl = impl_->RevocationTtl(expires_at);
  if (ttl <= 0) return {};
  const std::string key = impl_->RevokedTokenKeyName(token_id);
  const std::string px = std::to_string(ttl);
  auto replies = impl_->Run({{"SET", key, "1", "NX", "PX", px}, {"PEXPIRE", key, px, "GT"}});
  if (!replies) return std::unexpected(replies.error());
  return {};
}

Result<void> RedisStore::RevokeUser(std::string_view user, int64_t created_at_or_before,
                                    int64_t expires_at) {
  const int64_t ttl = impl_->RevocationTtl(expires_at);
  if (ttl <= 0) return {};
  const std::string key = impl_->RevokedUserKeyName(user);
  const std::string px = std::to_string(ttl);
  auto replies = impl_->Run({{"ZADD", key, "GT", std::to_string(created_at_or_before), "cutoff"},
                             {"PEXPIRE", key, px, "NX"},
                             {"PEXPIRE", key, px, "GT"}});
  if (!replies) return std::unexpected(replies.error());
  return {};
}

Result<bool> RedisStore::IsRevoked(std::string_view token_id, std::string_view user,
                                   int64_t created_at) const {
  auto replies = impl_->Run({{"EXISTS", impl_->RevokedTokenKeyName(token_id)},
                             {"ZSCORE", impl_->RevokedUserKeyName(user), "cutoff"}});
  if (!replies) return std::unexpected(replies.error());
  const redisReply* token = (*replies)[0].get();
  const redisReply* cutoff = (*replies)[1].get();
  if (token->type != REDIS_REPLY_INTEGER) {
    return Fail(ErrorCode::kInternal, "redis store: unexpected EXISTS reply");
  }
  if (token->integer != 0) return true;
  if (cutoff->type == REDIS_REPLY_NIL) return false;
  // ZSCORE's reply is a bulk string (RESP2: knox never switches to RESP3).
  if (cutoff->type != REDIS_REPLY_STRING) {
    return Fail(ErrorCode::kInternal, "redis store: unexpected ZSCORE reply");
  }
  const std::string text(cutoff->str, cutoff->len);
  char* end = nullptr;
  const double score = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    return Fail(ErrorCode::kInternal, "redis store: unexpected ZSCORE reply");
  }
  // Unix ms are below 2^53: the double holds the cut-off exactly.
  return static_cast<double>(created_at) <= score;
}

}  // namespace knox::session
