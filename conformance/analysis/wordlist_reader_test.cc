#include "conformance/analysis/wordlist_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "conformance/analysis/candidate_stream.h"

namespace knox::analysis {
namespace {

namespace fs = std::filesystem;

class WordlistReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("knox_wordlist_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string WriteGz(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    gzFile gz = gzopen(path.c_str(), "wb");
    gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(gz);
    return path;
  }

  // Every word the stream yields, in order, and the skipped-line count.
  std::vector<std::string> Words(std::vector<std::string> paths, WordlistOptions options = {},
                                 uint64_t* skipped = nullptr) {
    auto reader = WordlistReader::Open(paths, options);
    EXPECT_TRUE(reader) << (reader ? "" : reader.error().message);
    if (!reader) return {};
    WordStream stream(**reader, WordRules::kNone);
    std::vector<std::string> words;
    auto n = ForEachCandidate(stream, [&](std::string_view w) { words.emplace_back(w); });
    EXPECT_TRUE(n) << (n ? "" : n.error().message);
    if (skipped) *skipped = (*reader)->skipped_lines();
    return words;
  }

  fs::path dir_;
};

using Strings = std::vector<std::string>;

TEST_F(WordlistReaderTest, CrlfBlankLinesAndNoFinalNewline) {
  auto path = Write("w.txt", "alpha\r\n\nbeta\r\n\r\ngamma");
  EXPECT_EQ(Words({path}), (Strings{"alpha", "", "beta", "", "gamma"}));
}

// A list smaller than a block per worker is cut into at least kBlocksPerWorker blocks per worker
// (so that a slow format's threads all get words), with the same words in the same order.
TEST_F(WordlistReaderTest, SmallListsAreCutIntoBlocksForEveryWorker) {
  std::string bytes;
  Strings expected;
  for (int i = 0; i < 20000; ++i) {
    expected.push_back("candidate" + std::to_string(i));
    bytes += expected.back() + "\n";
  }
  const auto path = Write("small.txt", bytes);  // about 280 KB: one block of 1 MiB
  for (unsigned workers : {1u, 4u}) {
    auto reader = WordlistReader::Open(std::vector<std::string>{path}, {.workers = workers});
    ASSERT_TRUE(reader);
    std::string block;
    size_t blocks = 0;
    while ((*reader)->NextBlock(block).value()) ++blocks;
    if (workers == 1) {
      EXPECT_EQ(blocks, 1u);
    } else {
      EXPECT_GE(blocks, workers * kBlocksPerWorker);
    }
    EXPECT_EQ(Words({path}, {.workers = workers}), expected);
  }
}

TEST_F(WordlistReaderTest, OverLongLinesAreSkippedAndCounted) {
  // Small blocks so that a long line spans blocks, and one never ends.
  WordlistOptions options{.max_line = 8, .block_bytes = 32};
  auto path = Write("w.txt", "short\n" + std::string(9, 'x') + "\nok\n" + std::string(100, 'y') +
                                 "\nafter\n" + std::string(1000, 'z'));
  uint64_t skipped = 0;
  EXPECT_EQ(Words({path}, options, &skipped), (Strings{"short", "ok", "after"}));
  EXPECT_EQ(skipped, 3u);
}

TEST_F(WordlistReaderTest, BinaryDataIsWordsOrSkippedLines) {
  std::string binary;
  for (int i = 0; i < 5000; ++i) binary.push_back(static_cast<char>((i * 37) % 256));
  auto path = Write("w.bin", binary);
  auto words = Words({path});
  EXPECT_FALSE(words.empty());
  for (const auto& w : words) EXPECT_LE(w.size(), 4096u);
}

TEST_F(WordlistReaderTest, DirectoryIsItsRegularFilesSorted) {
  Write("d/b.txt", "b1\nb2\n");
  Write("d/a.txt", "a1\n");
  WriteGz("d/c.gz", "c1\nc2");
  fs::create_directories(dir_ / "d" / "sub");
  Write("d/sub/ignored.txt", "nested\n");
  EXPECT_EQ(Words({(dir_ / "d").string()}), (Strings{"a1", "b1", "b2", "c1", "c2"}));
}

TEST_F(WordlistReaderTest, GzipIsReadTransparentlyAndFilesChain) {
  std::string big;
  for (int i = 0; i < 300000; ++i) big += "word" + std::to_string(i) + "\n";
  auto gz = WriteGz("big.txt.gz", big);
  auto plain = Write("p.txt", "tail\n");
  auto words = Words({gz, plain});
  ASSERT_EQ(words.size(), 300001u);
  EXPECT_EQ(words[0], "word0");
  EXPECT_EQ(words[299999], "word299999");
  EXPECT_EQ(words.back(), "tail");
}

TEST_F(WordlistReaderTest, SkipAndLimitCountWordsAcrossBlocksAndFiles) {
  WordlistOptions options{.max_line = 4, .skip = 3, .limit = 3, .block_bytes = 16};
  auto a = Write("a.txt", "w0\nw1\n\ntoolong\nw3\n");
  auto b = Write("b.txt", "w4\r\nw5\nw6\n");
  // Words: w0 w1 "" w3 w4 w5 w6 (the over-long line is not one).
  EXPECT_EQ(Words({a, b}, options), (Strings{"w3", "w4", "w5"}));
  options.limit = 1;
  options.skip = 6;
  EXPECT_EQ(Words({a, b}, options), (Strings{"w6"}));
  options.skip = 7;
  EXPECT_EQ(Words({a, b}, options), Strings{});
}

TEST_F(WordlistReaderTest, OpenErrorsNameThePath) {
  auto missing = WordlistReader::Open(std::vector<std::string>{(dir_ / "nope").string()}, {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
  fs::create_directories(dir_ / "empty");
  auto empty = WordlistReader::Open(std::vector<std::string>{(dir_ / "empty").string()}, {});
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("no regular file"), std::string::npos);
  if (geteuid() != 0) {  // root reads anything
    auto locked = Write("d/locked.txt", "x\n");
    chmod(locked.c_str(), 0);
    auto unreadable = WordlistReader::Open(std::vector<std::string>{(dir_ / "d").string()}, {});
    ASSERT_FALSE(unreadable);
    EXPECT_NE(unreadable.error().message.find("locked.txt"), std::string::npos);
  }
}

TEST_F(WordlistReaderTest, CorruptGzipIsAnErrorNotAnAbort) {
  std::string gz;
  {
    auto path = WriteGz("ok.gz", std::string(100000, 'a') + "\n");
    std::ifstream in(path, std::ios::binary);
    gz.assign(std::istreambuf_iterator<char>(in), {});
  }
  gz.resize(gz.size() / 2);
  gz += "garbage garbage garbage";
  auto path = Write("bad.gz", gz);
  auto reader = WordlistReader::Open(std::vector<std::string>{path}, {});
  ASSERT_TRUE(reader);
  WordStream stream(**reader, WordRules::kNone);
  auto n = ForEachCandidate(stream, [](std::string_view) {});
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().message.find("bad.gz"), std::string::npos);
}

// A gzip file cut short (a download that stopped) ends in the middle of its stream: zlib hands out
// what it inflated and reports the truncation only through gzerror. That is corrupt data, not a
// shorter wordlist whose last, cut line is a word (found by wordlist_reader_fuzzer).
TEST_F(WordlistReaderTest, TruncatedGzipIsAnError) {
  std::string gz;
  {
    auto path = WriteGz("whole.gz", "password\n123456\nletmein\n");
    std::ifstream in(path, std::ios::binary);
    gz.assign(std::istreambuf_iterator<char>(in), {});
  }
  gz.resize(gz.size() * 2 / 3);
  auto path = Write("cut.gz", gz);
  auto reader = WordlistReader::Open(std::vector<std::string>{path}, {});
  ASSERT_TRUE(reader);
  Strings words;
  std::string block;
  Result<bool> more = true;
  while ((more = (*reader)->NextBlock(block)) && *more) {
    ForEachWord(block, 256, [&](std::string_view w) { words.emplace_back(w); });
  }
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, ErrorCode::kMalformed);
  EXPECT_NE(more.error().message.find("cut.gz"), std::string::npos);
  for (const std::string& w : words) {  // whole lines inflated before the cut, never the cut one
    EXPECT_TRUE(w == "password" || w == "123456" || w == "letmein") << w;
  }
}

// Workers share the reader without a lock per word: every word comes out exactly once.
TEST_F(WordlistReaderTest, ConcurrentCursorsSeeEveryWordOnce) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += std::to_string(i) + "\n";
  auto path = Write("n.txt", text);
  auto reader = WordlistReader::Open(std::vector<std::string>{path}, {.block_bytes = 4096}).value();
  WordStream stream(*reader, WordRules::kNone);
  std::vector<std::vector<int>> seen(4);
  std::vector<std::thread> threads;
  for (auto& out : seen) {
    threads.emplace_back([&stream, &out] {
      auto cursor = stream.NewCursor();
      std::string_view batch[256];
      for (;;) {
        auto n = cursor->Next(batch);
        if (!n || *n == 0) return;
        for (size_t i = 0; i < *n; ++i) out.push_back(std::stoi(std::string(batch[i])));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<int> all;
  for (auto& s : seen) all.insert(all.end(), s.begin(), s.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), 200000u);
  for (int i = 0; i < 200000; ++i) ASSERT_EQ(all[static_cast<size_t>(i)], i);
  EXPECT_DOUBLE_EQ(reader->Progress(), 1.0);
}

}  // namespace
}  // namespace knox::analysis
