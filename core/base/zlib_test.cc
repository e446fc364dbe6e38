#include "core/base/zlib.h"

#include <gtest/gtest.h>

#include "core/base/hex.h"

namespace knox {
namespace {

TEST(Zlib, MatchesPythonZlibCompress) {
  // /usr/bin/python3 -c "import zlib; print(zlib.compress(b'hello hello hello hello').hex())"
  EXPECT_EQ(HexEncode(ZlibCompress("hello hello hello hello")), "789ccb48cdc9c957c8402701680308b1");
}

TEST(Zlib, RoundTripAndTrailingBytesIgnored) {
  std::string data(10000, 'x');
  std::string z = ZlibCompress(data);
  EXPECT_EQ(ZlibInflate(z, data.size()).value(), data);
  EXPECT_EQ(ZlibInflate(z + "junk", data.size()).value(), data);
}

TEST(Zlib, OutputCap) {
  std::string z = ZlibCompress(std::string(100000, 'x'));
  EXPECT_EQ(ZlibInflate(z, 99999).error().code, ErrorCode::kLimitExceeded);
}

TEST(Zlib, CorruptAndTruncated) {
  std::string z = ZlibCompress(std::string(1000, 'y'));
  EXPECT_EQ(ZlibInflate(z.substr(0, z.size() / 2), 1 << 20).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ZlibInflate("not zlib at all", 1 << 20).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ZlibInflate("", 1 << 20).error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace knox
