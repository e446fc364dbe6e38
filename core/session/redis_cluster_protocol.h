// Internal to core/session: the pure parts of the Redis Cluster protocol that ClusterRouter
// (redis_cluster.h) builds on — which slot a key belongs to, and how to read what a cluster node
// answers. A node's replies are untrusted input (fuzz/redis_reply_fuzzer.cc): every function here
// is total, allocation-bounded by its input, pure and thread-safe.
//
// Keys map to one of 16384 slots: CRC16/XMODEM of the key, or of its hash tag (the text between
// the first '{' and the next '}', when that is not empty), modulo 16384 (Redis Cluster
// specification, "Key distribution model").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/session/redis_connection.h"

namespace knox::session::redis {

inline constexpr uint16_t kSlotCount = 16384;

uint16_t Crc16(std::string_view bytes);  // CRC16/XMODEM (poly 0x1021, init 0), as Redis's crc16.c
uint16_t KeySlot(std::string_view key);

struct SlotRange {
  uint16_t first = 0;
  uint16_t last = 0;
  RedisEndpoint master;
};
// The ranges of a CLUSTER SLOTS reply (each: first, last, then the master's [host, port, ...] and
// its replicas'). A reply of another shape is kInternal.
Result<std::vector<SlotRange>> ParseClusterSlots(const redisReply& reply);

struct Redirection {
  bool ask = false;  // ASK (one command, after ASKING) rather than MOVED (the slot moved)
  uint16_t slot = 0;
  RedisEndpoint to;
};
// "MOVED 3999 127.0.0.1:6381" / "ASK 3999 [::1]:6381"; nullopt for any other error text.
std::optional<Redirection> ParseRedirection(std::string_view error);

// Whether an error reply's text says the cluster cannot serve the command now (CLUSTERDOWN,
// TRYAGAIN, LOADING, MASTERDOWN): ClusterRouter answers kUnavailable rather than retry elsewhere.
bool IsUnavailableError(std::string_view error);

}  // namespace knox::session::redis
