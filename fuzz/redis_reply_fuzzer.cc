// Redis Cluster replies (core/session/redis_cluster_protocol.cc): what a cluster node answers is
// input knox must survive — a CLUSTER SLOTS reply of any shape and any MOVED/ASK error text. The
// bytes are decoded into a bounded reply tree (type byte, then an integer, a string or up to 8
// children, depth <= 4) built as hiredis builds its replies, so the target fuzzes knox's parsers
// and not hiredis's reader. Properties: no crash; a parsed slot range is within 0..16383, first <=
// last, with a port in 1..65535; a parsed redirection names a slot < 16384, a non-empty host and a
// port; an error text is never both a redirection and a "cluster unavailable" error.
#include <hiredis/hiredis.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/session/redis_cluster_protocol.h"

namespace {

using knox::session::redis::kSlotCount;

// Owns a reply tree; the redisReply structs point into `nodes` and `texts`.
struct Tree {
  std::vector<std::unique_ptr<redisReply>> nodes;
  std::vector<std::unique_ptr<std::string>> texts;
  std::vector<std::unique_ptr<std::vector<redisReply*>>> arrays;
};

struct Cursor {
  const uint8_t* data;
  size_t size;
  size_t pos = 0;
  uint8_t Byte() { return pos < size ? data[pos++] : 0; }
  std::string_view Take(size_t n) {
    n = std::min(n, size - pos);
    std::string_view out(reinterpret_cast<const char*>(data + pos), n);
    pos += n;
    return out;
  }
};

redisReply* Build(Cursor& in, Tree& tree, int depth) {
  auto node = std::make_unique<redisReply>();
  redisReply* r = node.get();
  tree.nodes.push_back(std::move(node));
  const uint8_t kind = in.Byte() % 5;
  if (kind == 0 || depth >= 4) {  // integer: 1..8 bytes, signed
    const size_t n = 1 + in.Byte() % 8;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | in.Byte();
    r->type = REDIS_REPLY_INTEGER;
    r->integer = static_cast<long long>(v);
  } else if (kind == 1 || kind == 2) {  // string or error
    auto text = std::make_unique<std::string>(in.Take(in.Byte() % 48));
    r->type = kind == 1 ? REDIS_REPLY_STRING : REDIS_REPLY_ERROR;
    r->str = text->data();
    r->len = text->size();
    tree.texts.push_back(std::move(text));
  } else if (kind == 3) {
    r->type = REDIS_REPLY_NIL;
  } else {
    auto children = std::make_unique<std::vector<redisReply*>>();
    const size_t n = in.Byte() % 9;
    for (size_t i = 0; i < n; ++i) children->push_back(Build(in, tree, depth + 1));
    r->type = REDIS_REPLY_ARRAY;
    r->element = children->data();
    r->elements = children->size();
    tree.arrays.push_back(std::move(children));
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace redis = knox::session::redis;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto r = redis::ParseRedirection(text)) {
    if (r->slot >= kSlotCount || r->to.host.empty() || r->to.port == 0) std::abort();
    if (redis::IsUnavailableError(text)) std::abort();
  }
  Cursor in{data, size};
  Tree tree;
  const redisReply* root = Build(in, tree, 0);
  if (auto ranges = redis::ParseClusterSlots(*root)) {
    for (const auto& range : *ranges) {
      if (range.first > range.last || range.last >= kSlotCount || range.master.port == 0) {
        std::abort();
      }
    }
  }
  (void)redis::ErrorText(*root);
  (void)redis::KeySlot(text);
  return 0;
}
