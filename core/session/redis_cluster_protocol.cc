#include "core/session/redis_cluster_protocol.h"

#include <charconv>

namespace knox::session::redis {
namespace {

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

bool IsUnavailableError(std::string_view error) {
  for (std::string_view prefix : {"CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN"}) {
    if (error.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace knox::session::redis
