// Keyset: the AES-256-GCM keys of knox-sealed cookies (docs/sealed.md "Keys and rotation").
//
// One primary key seals; older keys only open, so a key can be rotated without logging everyone
// out: add the new key as primary, keep the old one decrypt-only until every cookie it sealed has
// expired, then drop it. Every key is 32 bytes with a 32-bit id that travels in the token; ids are
// unique within a keyset. Key bytes live in crypto::SecretBytes and are never printed.
//
// Text form (for flags and files): `k<ID>:<KEY>` with ID in decimal (0..4294967295, no sign, no
// leading zeros) and KEY the unpadded base64url of exactly 32 bytes, e.g.
// `k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`.
//
// Factories validate and return kInvalidArgument; a Keyset is immutable and safe to share between
// threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/secret_bytes.h"

namespace knox::seal {

inline constexpr size_t kKeySize = 32;

struct Key {
  uint32_t id = 0;
  crypto::SecretBytes bytes;
};

// Parses the text form above. The message never repeats the key text.
Result<Key> ParseKey(std::string_view text);

// The text form of `key`. It contains the secret: callers decide where it may go.
std::string FormatKey(const Key& key);

class Keyset {
 public:
  // kInvalidArgument when a key is not 32 bytes or two keys share an id.
  static Result<Keyset> Create(Key primary, std::vector<Key> decrypt_only = {});
  // A fresh random primary key from the CSPRNG (kUnavailable when it fails).
  static Result<Keyset> Generate(uint32_t key_id = 1);
  // Text entries, oldest first: the last one is the primary, the others are decrypt-only.
  static Result<Keyset> FromText(const std::vector<std::string_view>& entries);

  const Key& primary() const { return keys_.front(); }
  // The key with this id (primary or decrypt-only), or nullptr.
  const Key* Find(uint32_t id) const;
  // Primary first, then the decrypt-only keys in the order given.
  const std::vector<Key>& keys() const { return keys_; }

 private:
  explicit Keyset(std::vector<Key> keys) : keys_(std::move(keys)) {}
  std::vector<Key> keys_;
};

}  // namespace knox::seal
