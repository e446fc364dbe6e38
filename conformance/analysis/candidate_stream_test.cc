// Restore points of the candidate streams (CandidateStream::Checkpoint): never past a candidate
// that has not been tried, and never far behind the ones that have.
#include "conformance/analysis/candidate_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace knox::analysis {
namespace {

namespace fs = std::filesystem;

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("knox_checkpoint_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                .string();
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < kWords; ++i) out << "w" << i << "\n";
  }
  void TearDown() override { fs::remove(path_); }

  std::unique_ptr<WordlistReader> Open(WordlistOptions options) {
    options.block_bytes = 600;  // about 100 words a block: many blocks
    return WordlistReader::Open(std::vector<std::string>{path_}, options).value();
  }

  static constexpr int kWords = 5000;
  std::string path_;
};

// One cursor, batches of random sizes. A batch counts as tried once the next one is asked for.
TEST_F(CheckpointTest, WordStreamNeverPassesAnUntriedWord) {
  auto reader = Open({.count_words = true});
  WordStream stream(*reader, WordRules::kNone);
  auto cursor = stream.NewCursor();
  std::mt19937 rng(7);
  std::string_view batch[64];
  uint64_t handed = 0;  // words handed out so far
  uint64_t tried = 0;   // words of batches followed by another call
  EXPECT_EQ(stream.Checkpoint(), 0u);
  for (;;) {
    const size_t want = 1 + rng() % 64;
    auto n = cursor->Next(std::span(batch, want));
    ASSERT_TRUE(n);
    tried = handed;
    const uint64_t checkpoint = stream.Checkpoint().value();
    EXPECT_LE(checkpoint, tried);
    EXPECT_GE(checkpoint + 200, tried) << "more than a block behind";  // ~100 words a block
    if (*n == 0) break;
    // The words really are the sequence's words `handed`..: the checkpoint names positions.
    EXPECT_EQ(batch[0], "w" + std::to_string(handed));
    handed += *n;
  }
  EXPECT_EQ(handed, static_cast<uint64_t>(kWords));
  EXPECT_EQ(stream.Checkpoint(), static_cast<uint64_t>(kWords));
}

// Positions count from the start of the sequence, --skip included, so the checkpoint is the
// --skip that resumes.
TEST_F(CheckpointTest, WordStreamCheckpointIsAbsoluteWithSkip) {
  auto reader = Open({.skip = 1234, .limit = 100, .count_words = true});
  WordStream stream(*reader, WordRules::kNone);
  EXPECT_EQ(stream.Checkpoint(), 1234u);
  auto cursor = stream.NewCursor();
  std::string_view batch[256];
  uint64_t total = 0;
  for (;;) {
    auto n = cursor->Next(batch);
    ASSERT_TRUE(n);
    if (*n == 0) break;
    if (total == 0) {
      EXPECT_EQ(batch[0], "w1234");
    }
    total += *n;
  }
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(stream.Checkpoint(), 1334u);
}

// Two workers: the checkpoint waits for the slower one's block.
TEST_F(CheckpointTest, WordStreamWaitsForTheEarliestUnfinishedBlock) {
  auto reader = Open({.count_words = true});
  WordStream stream(*reader, WordRules::kNone);
  auto slow = stream.NewCursor();
  auto fast = stream.NewCursor();
  std::string_view batch[8];
  auto index = [&] { return std::stoull(std::string(batch[0].substr(1))); };
  ASSERT_EQ(slow->Next(batch).value(), 8u);  // takes the first block
  ASSERT_EQ(index(), 0u);
  for (int i = 0; i < 100; ++i) ASSERT_GT(fast->Next(batch).value(), 0u);  // the next blocks
  EXPECT_EQ(stream.Checkpoint(), 0u);
  // The slow worker uses up its block and moves to a block after the fast one's.
  do {
    ASSERT_GT(slow->Next(batch).value(), 0u);
  } while (index() < 500);  // the first word of its new block
  EXPECT_EQ(stream.Checkpoint(), 0u) << "its first block's last batch is not tried yet";
  ASSERT_GT(slow->Next(batch).value(), 0u);
  const uint64_t checkpoint = stream.Checkpoint().value();
  EXPECT_GT(checkpoint, 0u);
  ASSERT_GT(fast->Next(batch).value(), 0u);
  EXPECT_LE(checkpoint, index()) << "not past the fast worker's untried words";
}

TEST_F(CheckpointTest, WordStreamWithoutCountingHasNoCheckpoint) {
  auto reader = Open({});
  WordStream stream(*reader, WordRules::kNone);
  EXPECT_FALSE(stream.Checkpoint());
}

// Hashcat rules: the unit is still the word, and a word's every rule is tried before it counts.
TEST_F(CheckpointTest, WordStreamWithRulesCountsBaseWords) {
  auto rules = ParseRuleFile(":\nu\n$1\n", "three.rule").value();
  RuleChain chain(std::vector<std::vector<Rule>>{rules});
  auto reader = Open({.count_words = true});
  WordStream stream(*reader, WordRules::kHashcat, &chain);
  auto cursor = stream.NewCursor();
  std::string_view batch[50];
  uint64_t candidates = 0;
  for (;;) {
    auto n = cursor->Next(batch).value();
    const uint64_t tried_words = candidates / 3;  // whole words tried
    EXPECT_LE(stream.Checkpoint().value(), tried_words);
    if (n == 0) break;
    candidates += n;
  }
  EXPECT_EQ(candidates, 3u * kWords);
  EXPECT_EQ(stream.Checkpoint(), static_cast<uint64_t>(kWords));
}

TEST(MaskCheckpointTest, NeverPassesAnUntriedCandidate) {
  auto mask = Mask::Parse("?d?d?d?d?d", {}).value();  // 100,000 candidates
  MaskStream stream(mask, 10 * mask.Amplifier(), mask.size());
  EXPECT_EQ(stream.Checkpoint(), 10 * mask.Amplifier());
  auto a = stream.NewCursor();
  auto b = stream.NewCursor();
  std::string_view batch[256];
  uint64_t a_tried = 10 * mask.Amplifier();  // a's position before its current batch
  ASSERT_EQ(a->Next(batch).value(), 256u);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(b->Next(batch).value(), 256u);
  // a holds the first chunk: nothing after its start counts yet.
  EXPECT_EQ(stream.Checkpoint(), a_tried);
  for (;;) {
    auto n = b->Next(batch).value();
    if (n == 0) break;
  }
  EXPECT_EQ(stream.Checkpoint(), a_tried);
  for (;;) {
    auto n = a->Next(batch).value();
    if (n == 0) break;
  }
  EXPECT_EQ(stream.Checkpoint(), mask.size());
}

// Every candidate a mask cursor hands out, in order and across chunk starts, equals
// Mask::Candidate at its index: short masks (the packed path, odometer carries into the second
// 8-byte word at positions 8..15) and a 17-position mask (the general path).
TEST(MaskStreamTest, CursorsHandOutEveryCandidateInOrder) {
  const std::array<std::optional<std::string>, 4> custom = {std::string("ab"), std::string("xyz")};
  for (std::string_view text :
       {"?d", "?1?d?1", "?1?1?1?1?1?1?1?1?2?1", "?1?1?1?1?1?1?1?1?1?1?1?1?1?1?1?2",
        "?1?1?1?1?1?1?1?1?1?1?1?1?1?1?1?1?2"}) {
    auto mask = Mask::Parse(text, custom).value();
    const uint64_t skip = mask.size() / 3;
    MaskStream stream(mask, skip, mask.size());
    auto cursor = stream.NewCursor();
    std::string_view batch[100];
    std::string expected(mask.length(), '\0');
    uint64_t index = skip;
    for (;;) {
      const size_t n = cursor->Next(batch).value();
      if (n == 0) break;
      for (size_t i = 0; i < n; ++i, ++index) {
        mask.Candidate(index, expected.data());
        ASSERT_EQ(batch[i], expected) << text << " index " << index;
      }
    }
    EXPECT_EQ(index, mask.size()) << text;
  }
}

}  // namespace
}  // namespace knox::analysis
