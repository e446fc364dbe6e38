#include "conformance/analysis/restore_point.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace knox::analysis {
namespace {

namespace fs = std::filesystem;

class RestorePointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("knox_restore_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "crack.restore").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  std::string Error() {
    auto loaded = LoadRestorePoint(path_);
    EXPECT_FALSE(loaded);
    return loaded ? "" : loaded.error().message;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(RestorePointTest, SavedPointLoadsBackAndLeavesNoTemporaryFile) {
  const RestorePoint point{
      .search = RestoreSearchId("a search"), .skip = 123456789012, .unit = "words"};
  ASSERT_TRUE(SaveRestorePoint(path_, point));
  auto loaded = LoadRestorePoint(path_);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->search, point.search);
  EXPECT_EQ((*loaded)->skip, point.skip);
  EXPECT_EQ((*loaded)->unit, "words");
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
  // Saving again replaces the point.
  ASSERT_TRUE(SaveRestorePoint(path_, {.search = point.search, .skip = 7, .unit = "words"}));
  EXPECT_EQ(LoadRestorePoint(path_).value()->skip, 7u);
}

TEST_F(RestorePointTest, MissingFileIsNoPointAndRemovingItIsNoError) {
  auto loaded = LoadRestorePoint(path_);
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(*loaded);
  EXPECT_TRUE(RemoveRestorePoint(path_));
  ASSERT_TRUE(SaveRestorePoint(path_, {.search = RestoreSearchId("x"), .skip = 1}));
  EXPECT_TRUE(RemoveRestorePoint(path_));
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(RestorePointTest, SearchIdsDifferAndHideTheDescription) {
  const std::string a = RestoreSearchId("token eyJhbGciOi");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, RestoreSearchId("token eyJhbGciOj"));
  EXPECT_EQ(a.find("eyJ"), std::string::npos);
}

TEST_F(RestorePointTest, WhatIsNotARestoreFileIsRefusedWithTheReason) {
  const std::string id = RestoreSearchId("s");
  Write("hello world\n");
  EXPECT_NE(Error().find("not a JSON object"), std::string::npos);
  Write("[1,2]");
  EXPECT_NE(Error().find("not a JSON object"), std::string::npos);
  Write(R"({"knox_crack_restore":2,"search":")" + id + R"(","skip":1})");
  EXPECT_NE(Error().find("knox_crack_restore"), std::string::npos);
  Write(R"({"knox_crack_restore":1,"search":"abc","skip":1})");
  EXPECT_NE(Error().find("SHA-256"), std::string::npos);
  Write(R"({"knox_crack_restore":1,"search":")" + id + R"(","skip":-1})");
  EXPECT_NE(Error().find("skip"), std::string::npos);
  Write(R"({"knox_crack_restore":1,"search":")" + id + R"(","skip":"5"})");
  EXPECT_NE(Error().find("skip"), std::string::npos);
  Write(std::string(10000, ' '));
  EXPECT_NE(Error().find("too large"), std::string::npos);
  fs::remove(path_);
  fs::create_directories(path_);
  EXPECT_NE(Error().find("not a regular file"), std::string::npos);
  for (const auto& message : {Error()}) {
    EXPECT_NE(message.find(path_), std::string::npos) << "names the file";
  }
}

}  // namespace
}  // namespace knox::analysis
