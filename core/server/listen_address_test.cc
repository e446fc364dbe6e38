#include "core/server/listen_address.h"

#include <gtest/gtest.h>

namespace knox::server {
namespace {

TEST(ParseListenAddress, AcceptsIpLiteralsAndLocalhost) {
  struct Case {
    const char* text;
    const char* host;
    uint16_t port;
    bool loopback;
  };
  for (const Case& c :
       {Case{"127.0.0.1:8080", "127.0.0.1", 8080, true}, Case{"127.1.2.3:0", "127.1.2.3", 0, true},
        Case{"localhost:443", "127.0.0.1", 443, true}, Case{"[::1]:8080", "::1", 8080, true},
        Case{"0.0.0.0:80", "0.0.0.0", 80, false},
        Case{"192.168.1.10:65535", "192.168.1.10", 65535, false},
        Case{"[::]:8080", "::", 8080, false}}) {
    auto parsed = ParseListenAddress(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed->host, c.host) << c.text;
    EXPECT_EQ(parsed->port, c.port) << c.text;
    EXPECT_EQ(parsed->loopback, c.loopback) << c.text;
    EXPECT_EQ(ParseListenAddress(parsed->ToString())->host, parsed->host) << c.text;
  }
}

TEST(ParseListenAddress, RejectsEverythingElse) {
  for (const char* bad :
       {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "example.com:80", "::1:8080",
        "[::1]", "[127.0.0.1]:80", ":8080", "127.0.0.1:80x"}) {
    EXPECT_FALSE(ParseListenAddress(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace knox::server
