#include "core/base/byte_cursor.h"

#include <gtest/gtest.h>

namespace knox {
namespace {

TEST(ByteCursor, FailedReadsDoNotAdvance) {
  ByteCursor c(std::string_view("\x80\x00\x01rest", 7));
  EXPECT_FALSE(c.Take(8));
  EXPECT_EQ(c.size(), 7u);
  EXPECT_EQ(c.TakeBigEndian(3).value(), 0x800001u);
  EXPECT_FALSE(c.TakeUntil('*'));
  EXPECT_FALSE(c.Skip("x"));
  EXPECT_TRUE(c.Skip("re"));
  EXPECT_EQ(c.TakeRest(), "st");
  EXPECT_TRUE(c.empty());
}

TEST(ByteCursor, TakeUntilConsumesDelimiter) {
  ByteCursor c("a*b*c");
  EXPECT_EQ(c.TakeUntil('*').value(), "a");
  EXPECT_EQ(c.TakeUntil('*').value(), "b");
  EXPECT_EQ(c.rest(), "c");
}

}  // namespace
}  // namespace knox
