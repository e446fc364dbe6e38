#include "core/session/redis_connection.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cstring>

namespace knox::session::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{.tv_sec = static_cast<time_t>(ms.count() / 1000),
                 .tv_usec = static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

}  // namespace

// A connection to a port nothing listens on, on the same host, can connect to itself: when the
// kernel picks that very port as the ephemeral source port, TCP's simultaneous open pairs the
// socket with itself, and every command comes back as its own "reply" (a RESP array of the
// command's words). Seen in the Redis Cluster failover test with a dead master's port inside the
// ephemeral range. Such a connection is refused.
bool ConnectedToItself(int fd) {
  sockaddr_storage local{}, peer{};
  socklen_t local_len = sizeof local, peer_len = sizeof peer;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
      getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
    return false;
  }
  return local_len == peer_len && std::memcmp(&local, &peer, local_len) == 0;
}

std::string ErrorText(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ERROR) return "";
  return std::string(reply.str, std::min<size_t>(reply.len, 200));
}

ErrorCode ReplyErrorCode(std::string_view error_text) {
  for (std::string_view transient :
       {"LOADING ", "BUSY ", "MASTERDOWN ", "TRYAGAIN ", "CLUSTERDOWN ", "READONLY "}) {
    if (error_text.starts_with(transient)) return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

Result<std::vector<ReplyPtr>> CheckErrors(std::vector<ReplyPtr> replies) {
  for (const auto& r : replies) {
    if (r->type == REDIS_REPLY_ERROR) {
      const std::string text = ErrorText(*r);
      return Fail(ReplyErrorCode(text), "redis store: error reply: " + text);
    }
  }
  return replies;
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  idle_slots_.resize(options_.pool_size);
}

Pool::~Pool() = default;

Result<Pool::ContextPtr> Pool::Acquire() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, options_.command_timeout,
                           [this] { return !idle_slots_.empty(); })) {
    return Fail(ErrorCode::kUnavailable, "redis store: no free connection in time");
  }
  ContextPtr slot = std::move(idle_slots_.back());
  idle_slots_.pop_back();
  return slot;
}

void Pool::Release(ContextPtr slot) {
  {
    std::lock_guard lock(mutex_);
    idle_slots_.push_back(std::move(slot));
  }
  available_.notify_one();
}

Result<Pool::ContextPtr> Pool::Connect() const {
  ContextPtr c(redisConnectWithTimeout(options_.endpoint.host.c_str(), options_.endpoint.port,
                                       ToTimeval(options_.connect_timeout)));
  if (c == nullptr) return Fail(ErrorCode::kUnavailable, "redis store: cannot allocate context");
  if (c->err != 0) {
    return Fail(ErrorCode::kUnavailable, std::string("redis store: connect: ") + c->errstr);
  }
  if (ConnectedToItself(c->fd)) {
    return Fail(ErrorCode::kUnavailable, "redis store: connect: nothing listens (self-connection)");
  }
  if (redisSetTimeout(c.get(), ToTimeval(options_.command_timeout)) != REDIS_OK) {
    return Fail(ErrorCode::kUnavailable, "redis store: cannot set the command timeout");
  }
  return c;
}

// Sends all commands in one write and reads every reply. On an I/O or protocol failure the
// connection is left in an error state (c->err), so the caller drops it.
Result<std::vector<ReplyPtr>> Pool::Pipeline(redisContext* c,
                                             const std::vector<Command>& commands) {
  for (const auto& command : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& arg : command) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
        REDIS_OK) {
      return Fail(ErrorCode::kUnavailable, "redis store: cannot queue a command");
    }
  }
  std::vector<ReplyPtr> replies;
  for (size_t i = 0; i < commands.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(c, &reply) != REDIS_OK || reply == nullptr) {
      return Fail(ErrorCode::kUnavailable, std::string("redis store: ") + c->errstr);
    }
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

Result<std::vector<ReplyPtr>> Pool::Run(const std::vector<Command>& commands) {
  auto slot = Acquire();
  if (!slot) return std::unexpected(slot.error());
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = *slot != nullptr;
    if (!reused) {
      auto fresh = Connect();
      if (!fresh) {
        Release(nullptr);
        return std::unexpected(fresh.error());
      }
      *slot = std::move(*fresh);
    }
    auto replies = Pipeline(slot->get(), commands);
    if (replies) {
      Release(std::move(*slot));
      return replies;
    }
    slot->reset();  // dead connection: dropped, re-created on next use
    if (!reused) {
      Release(nullptr);
      return std::unexpected(replies.error());
    }
  }
  Release(nullptr);
  return Fail(ErrorCode::kUnavailable, "redis store: unreachable");
}

}  // namespace knox::session::redis
