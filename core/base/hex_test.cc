#include "core/base/hex.h"

#include <gtest/gtest.h>

namespace knox {
namespace {

TEST(Hex, RoundTrip) {
  std::string bytes("\x00\x01\xab\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "0001abff");
  EXPECT_EQ(HexDecode("0001ABff").value(), bytes);
}

TEST(Hex, RejectsBadInput) {
  EXPECT_EQ(HexDecode("abc").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(HexDecode("zz").error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace knox
