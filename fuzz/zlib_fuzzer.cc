// Properties of knox's zlib (core/base/zlib.h), with zlib's own one-shot uncompress2 as the
// oracle: ZlibInflate of any bytes succeeds exactly when uncompress2 finds a complete stream within
// the cap (trailing bytes ignored, as Python's zlib.decompress does) and yields the same bytes; it
// never writes past the cap; and compressing any bytes inflates back to them, with a cap one byte
// short failing as kLimitExceeded.
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/base/zlib.h"

namespace {

constexpr size_t kCap = 64 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto inflated = knox::ZlibInflate(in, kCap);
  std::string oracle(kCap + 1, '\0');
  uLongf oracle_size = oracle.size();
  uLong consumed = size;
  int rc = uncompress2(reinterpret_cast<Bytef*>(oracle.data()), &oracle_size, data, &consumed);
  if (rc == Z_OK && oracle_size <= kCap) {
    oracle.resize(oracle_size);
    if (!inflated || *inflated != oracle) std::abort();
  } else if (inflated) {
    std::abort();
  } else if (rc == Z_OK) {
    // A complete stream longer than the cap is refused as such. (One that runs past the cap and
    // is corrupt later may be either error: knox stops at whichever it meets first.)
    if (inflated.error().code != knox::ErrorCode::kLimitExceeded) std::abort();
  }
  if (inflated && inflated->size() > kCap) std::abort();

  std::string compressed = knox::ZlibCompress(in);
  auto back = knox::ZlibInflate(compressed, size);
  if (!back || *back != in) std::abort();
  if (size > 0) {
    auto short_cap = knox::ZlibInflate(compressed, size - 1);
    if (short_cap || short_cap.error().code != knox::ErrorCode::kLimitExceeded) std::abort();
  }
  return 0;
}
