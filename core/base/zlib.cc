#include "core/base/zlib.h"

#include <zlib.h>

#include <algorithm>

namespace knox {

std::string ZlibCompress(std::string_view data) {
  uLongf bound = compressBound(static_cast<uLong>(data.size()));
  std::string out(bound, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &bound,
                     reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                     Z_DEFAULT_COMPRESSION);
  if (rc != Z_OK) return {};  // Only Z_MEM_ERROR is possible with a sufficient bound.
  out.resize(bound);
  return out;
}

Result<std::string> ZlibInflate(std::string_view data, size_t max_out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Fail(ErrorCode::kInternal, "zlib: inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    size_t produced = sizeof(buf) - zs.avail_out;
    if (out.size() + produced > max_out) {
      inflateEnd(&zs);
      return Fail(ErrorCode::kLimitExceeded, "zlib: decompressed size exceeds the limit");
    }
    out.append(buf, produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return Fail(ErrorCode::kMalformed, "zlib: corrupt or truncated stream");
  return out;
}

}  // namespace knox
