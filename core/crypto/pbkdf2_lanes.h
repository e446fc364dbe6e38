// PBKDF2-HMAC-SHA1 and PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of 16 passwords at once on the 16-lane
// compression functions of sha_kernels.h, for the weak-secret search of formats whose key is
// PBKDF2 of the secret (Rails's KeyGenerator: 1000 iterations per candidate).
//
// The salt, the iteration count and the key length are fixed at Create; everything that does not
// depend on the password is prepared there: the padded blocks of salt || INT(i) for each output
// block i (after the 64-byte key block, so their lengths count it) and the constant padding of
// the 20- or 32-byte messages of the later iterations. Per group of 16 passwords Derive hashes
// the HMAC pads once (2 compressions), then for each output block 2 compressions per iteration
// (plus one per extra salt block for U1): 1000 iterations of a 64-byte key cost 4 x 2000
// compressions with SHA-1 (4 blocks of 20 bytes), 2 x 2000 with SHA-256. Only the blocks the key
// length needs are computed (a 32-byte SHA-256 key is one block). Passwords longer than the
// 64-byte block are hashed first, per lane through core/crypto, as HMAC says.
//
// Results equal crypto::Pbkdf2 on every path (pbkdf2_lanes_test.cc). A Pbkdf2Lanes is immutable
// after Create and safe to share between threads; Derive allocates nothing for passwords up to
// the block size and wipes the pads and intermediate values it kept on the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/crypto/digest.h"
#include "core/crypto/sha_kernels.h"

namespace knox::crypto {

class Pbkdf2Lanes {
 public:
  // The longest key Derive writes: 128 bytes (two HMAC blocks; Rails asks for 32 or 64).
  static constexpr size_t kMaxKeyBytes = 128;
  static constexpr size_t kMaxKeyWords = kMaxKeyBytes / 4;

  // kInvalidArgument when `path` is not supported by this CPU, `digest` is not SHA-1 or SHA-256,
  // `iterations` is 0 or `key_length` is 0 or over kMaxKeyBytes.
  static Result<Pbkdf2Lanes> Create(Digest digest, ShaPath path, std::string_view salt,
                                    unsigned iterations, size_t key_length);

  // Words of one lane's key: key_length rounded up to 4 bytes.
  size_t key_words() const { return (key_length_ + 3) / 4; }
  size_t key_length() const { return key_length_; }
  Digest digest() const { return digest_; }

  // The keys of up to kShaLanes passwords (lanes past passwords.size() derive from the empty
  // password): out[w * kShaLanes + lane] is the big-endian word w of that lane's key, for w <
  // key_words(), with the bytes past key_length() zero. `out` holds key_words() * kShaLanes words.
  void Derive(std::span<const std::string_view> passwords, uint32_t* out) const;

  // The keys as bytes, one per password (at most kShaLanes; for tests).
  std::vector<std::string> DeriveBytes(std::span<const std::string_view> passwords) const;

 private:
  Pbkdf2Lanes() = default;

  Digest digest_ = Digest::kSha1;
  ShaCompressFn compress_ = nullptr;
  const uint32_t* iv_ = nullptr;
  size_t state_words_ = 0;  // 5 (SHA-1) or 8 (SHA-256): also the digest's words
  unsigned iterations_ = 0;
  size_t key_length_ = 0;
  size_t output_blocks_ = 0;                // ceil(key_length / digest size)
  size_t salt_blocks_ = 0;                  // padded blocks of salt || INT(i), the same for every i
  std::vector<uint32_t> salt_lane_blocks_;  // [i][block][16 words x 16 lanes], broadcast
};

}  // namespace knox::crypto
