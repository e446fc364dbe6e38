#include "core/seal/keyset.h"

#include <utility>

#include "core/base/base64.h"
#include "core/crypto/random.h"

namespace knox::seal {
namespace {

// Canonical decimal uint32: digits only, no leading zero except "0" itself.
bool ParseKeyId(std::string_view text, uint32_t& id) {
  if (text.empty() || text.size() > 10 || (text.size() > 1 && text[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return false;
  id = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

Result<Key> ParseKey(std::string_view text) {
  const size_t colon = text.find(':');
  if (text.empty() || text[0] != 'k' || colon == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "knox-sealed: a key is k<ID>:<base64url of 32 bytes>");
  }
  Key key;
  if (!ParseKeyId(text.substr(1, colon - 1), key.id)) {
    return Fail(ErrorCode::kInvalidArgument, "knox-sealed: key id must be a decimal 0..4294967295");
  }
  auto raw =
      Base64DecodeStrict(text.substr(colon + 1), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
  if (!raw || raw->size() != kKeySize) {
    if (raw) crypto::Cleanse(raw->data(), raw->size());
    return Fail(ErrorCode::kInvalidArgument,
                "knox-sealed: key must be the unpadded base64url of 32 bytes");
  }
  key.bytes = crypto::SecretBytes(*raw);
  crypto::Cleanse(raw->data(), raw->size());
  return key;
}

std::string FormatKey(const Key& key) {
  return "k" + std::to_string(key.id) + ":" +
         Base64Encode(key.bytes.reveal(), Base64Alphabet::kUrl, Base64Padding::kUnpadded);
}

Result<Keyset> Keyset::Create(Key primary, std::vector<Key> decrypt_only) {
  std::vector<Key> keys;
  keys.reserve(decrypt_only.size() + 1);
  keys.push_back(std::move(primary));
  for (Key& k : decrypt_only) keys.push_back(std::move(k));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].bytes.size() != kKeySize) {
      return Fail(ErrorCode::kInvalidArgument, "knox-sealed: keys must be 32 bytes");
    }
    for (size_t j = 0; j < i; ++j) {
      if (keys[j].id == keys[i].id) {
        return Fail(ErrorCode::kInvalidArgument,
                    "knox-sealed: duplicate key id " + std::to_string(keys[i].id));
      }
    }
  }
  return Keyset(std::move(keys));
}

Result<Keyset> Keyset::Generate(uint32_t key_id) {
  auto raw = crypto::RandomBytes(kKeySize);
  if (!raw) return std::unexpected(raw.error());
  Key key{.id = key_id, .bytes = crypto::SecretBytes(*raw)};
  crypto::Cleanse(raw->data(), raw->size());
  return Create(std::move(key));
}

Result<Keyset> Keyset::FromText(const std::vector<std::string_view>& entries) {
  if (entries.empty()) return Fail(ErrorCode::kInvalidArgument, "knox-sealed: no key given");
  std::vector<Key> older;
  for (size_t i = 0; i + 1 < entries.size(); ++i) {
    auto key = ParseKey(entries[i]);
    if (!key) return std::unexpected(key.error());
    older.push_back(std::move(*key));
  }
  auto primary = ParseKey(entries.back());
  if (!primary) return std::unexpected(primary.error());
  return Create(std::move(*primary), std::move(older));
}

const Key* Keyset::Find(uint32_t id) const {
  for (const Key& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

}  // namespace knox::seal
