#include "conformance/analysis/hashcat_rules.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace knox::analysis {
namespace {

constexpr int kSize = static_cast<int>(kRuleBufferSize);

// hashcat's conv_ctoi: 0-9, then A-Z for 10-35.
std::optional<uint8_t> Position(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'A' && c <= 'Z') return static_cast<uint8_t>(c - 'A' + 10);
  return std::nullopt;
}

// Arguments of each function: 'N' a position, 'X' any byte.
std::optional<std::string_view> Arguments(char name) {
  switch (name) {
    case ':':
    case 'l':
    case 'u':
    case 'c':
    case 'C':
    case 't':
    case 'r':
    case 'd':
    case 'f':
    case '{':
    case '}':
    case '[':
    case ']':
    case 'q':
    case 'k':
    case 'K':
    case 'E':
    case 'M':
    case '4':
    case '6':
      return "";
    case 'T':
    case 'p':
    case 'D':
    case '\'':
    case 'z':
    case 'Z':
    case 'L':
    case 'R':
    case '+':
    case '-':
    case '.':
    case ',':
    case 'y':
    case 'Y':
      return "N";
    case 'x':
    case 'O':
    case '*':
      return "NN";
    case 'i':
    case 'o':
      return "NX";
    case 's':
      return "XX";
    case '$':
    case '^':
    case '@':
    case 'e':
      return "X";
    case 'X':
      return "NNN";
    default:
      return std::nullopt;
  }
}

std::string Quoted(char c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  return std::string("0x") + kHex[u >> 4] + kHex[u & 15];
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
void UpperAt(char* b, int p) {
  if (IsLower(b[p])) b[p] = static_cast<char>(b[p] ^ 0x20);
}
void LowerAt(char* b, int p) {
  if (IsUpper(b[p])) b[p] = static_cast<char>(b[p] ^ 0x20);
}
void ToggleAt(char* b, int p) {
  if (IsLower(b[p]) || IsUpper(b[p])) b[p] = static_cast<char>(b[p] ^ 0x20);
}

int Append(char* b, int len, char c) {
  if (len + 1 >= kSize) return len;
  b[len] = c;
  return len + 1;
}

int Prepend(char* b, int len, char c) {
  if (len + 1 >= kSize) return len;
  std::memmove(b + 1, b, static_cast<size_t>(len));
  b[0] = c;
  return len + 1;
}

int Insert(char* b, int len, int p, char c) {
  if (p >= len + 1 || len + 1 >= kSize) return len;
  std::memmove(b + p + 1, b + p, static_cast<size_t>(len - p));
  b[p] = c;
  return len + 1;
}

int Title(char* b, int len, char sep) {
  bool upper_next = true;
  for (int p = 0; p < len; ++p) {
    if (b[p] == sep) {
      upper_next = true;
      continue;
    }
    if (upper_next) {
      upper_next = false;
      UpperAt(b, p);
    } else {
      LowerAt(b, p);
    }
  }
  return len;
}

int Apply(const RuleOp& op, char* b, int len, std::string& memory) {
  const int p0 = op.p0;
  const int p1 = op.p1;
  switch (op.name) {
    case ':':
      return len;
    case 'l':
      for (int p = 0; p < len; ++p) LowerAt(b, p);
      return len;
    case 'u':
      for (int p = 0; p < len; ++p) UpperAt(b, p);
      return len;
    case 'c':
      for (int p = 0; p < len; ++p) LowerAt(b, p);
      if (len > 0) UpperAt(b, 0);
      return len;
    case 'C':
      for (int p = 0; p < len; ++p) UpperAt(b, p);
      if (len > 0) LowerAt(b, 0);
      return len;
    case 't':
      for (int p = 0; p < len; ++p) ToggleAt(b, p);
      return len;
    case 'T':
      if (p0 < len) ToggleAt(b, p0);
      return len;
    case 'r':
      std::reverse(b, b + len);
      return len;
    case 'd':
      if (2 * len >= kSize) return len;
      std::memcpy(b + len, b, static_cast<size_t>(len));
      return 2 * len;
    case 'p': {
      const int out = len * p0 + len;
      if (out >= kSize) return len;
      for (int t = 1; t <= p0; ++t) std::memcpy(b + t * len, b, static_cast<size_t>(len));
      return out;
    }
    case 'f':
      if (2 * len >= kSize) return len;
      for (int i = 0; i < len; ++i) b[len + i] = b[len - 1 - i];
      return 2 * len;
    case '{':
      if (len > 1) std::rotate(b, b + 1, b + len);
      return len;
    case '}':
      if (len > 1) std::rotate(b, b + len - 1, b + len);
      return len;
    case '$':
      return Append(b, len, static_cast<char>(op.p0));
    case '^':
      return Prepend(b, len, static_cast<char>(op.p0));
    case '[':
    case 'D':
    case ']': {
      const int at = op.name == '[' ? 0 : op.name == ']' ? len - 1 : p0;
      if (at < 0 || at >= len) return len;
      std::memmove(b + at, b + at + 1, static_cast<size_t>(len - at - 1));
      return len - 1;
    }
    case 'x':
      if (p0 >= len || p0 + p1 > len) return len;
      std::memmove(b, b + p0, static_cast<size_t>(p1));
      return p1;
    case 'O':
      if (p0 >= len || p0 + p1 > len) return len;
      std::memmove(b + p0, b + p0 + p1, static_cast<size_t>(len - p0 - p1));
      return len - p1;
    case 'i':
      return Insert(b, len, p0, static_cast<char>(op.p1));
    case 'o':
      if (p0 < len) b[p0] = static_cast<char>(op.p1);
      return len;
    case '\'':
      return p0 < len ? p0 : len;
    case 's':
      std::replace(b, b + len, static_cast<char>(op.p0), static_cast<char>(op.p1));
      return len;
    case '@':
      return static_cast<int>(std::remove(b, b + len, static_cast<char>(op.p0)) - b);
    case 'z': {
      if (len == 0 || len + p0 >= kSize) return len;
      std::memmove(b + p0, b, static_cast<size_t>(len));
      std::memset(b, b[p0], static_cast<size_t>(p0));
      return len + p0;
    }
    case 'Z':
      if (len == 0 || len + p0 >= kSize) return len;
      std::memset(b + len, b[len - 1], static_cast<size_t>(p0));
      return len + p0;
    case 'q':
      if (2 * len >= kSize) return len;
      for (int p = len - 1; p >= 0; --p) b[2 * p] = b[2 * p + 1] = b[p];
      return 2 * len;
    case 'k':
      if (len >= 2) std::swap(b[0], b[1]);
      return len;
    case 'K':
      if (len >= 2) std::swap(b[len - 2], b[len - 1]);
      return len;
    case '*':
      if (p0 < len && p1 < len) std::swap(b[p0], b[p1]);
      return len;
    case 'L':
      if (p0 < len) b[p0] = static_cast<char>(static_cast<unsigned char>(b[p0]) << 1);
      return len;
    case 'R':
      if (p0 < len) b[p0] = static_cast<char>(static_cast<unsigned char>(b[p0]) >> 1);
      return len;
    case '+':
      if (p0 < len) b[p0] = static_cast<char>(b[p0] + 1);
      return len;
    case '-':
      if (p0 < len) b[p0] = static_cast<char>(b[p0] - 1);
      return len;
    case '.':
      if (p0 + 1 < len) b[p0] = b[p0 + 1];
      return len;
    case ',':
      if (p0 != 0 && p0 < len) b[p0] = b[p0 - 1];
      return len;
    case 'y':  // hashcat 6.2.6 allows p0 == len (the whole word), unlike its other functions
      if (p0 > len || len + p0 >= kSize) return len;
      std::memmove(b + p0, b, static_cast<size_t>(len));
      return len + p0;
    case 'Y':
      if (p0 > len || len + p0 >= kSize) return len;
      std::memmove(b + len, b + len - p0, static_cast<size_t>(p0));
      return len + p0;
    case 'E':  // hashcat 6.2.6 leaves a 256-byte word as it is
      return len >= kSize ? len : Title(b, len, ' ');
    case 'e':
      return len >= kSize ? len : Title(b, len, static_cast<char>(op.p0));
    case 'M':
      memory.assign(b, static_cast<size_t>(len));
      return len;
    case '4': {
      const int m = static_cast<int>(memory.size());
      if (len + m >= kSize) return len;
      std::memcpy(b + len, memory.data(), memory.size());
      return len + m;
    }
    case '6': {
      const int m = static_cast<int>(memory.size());
      if (len + m >= kSize) return len;
      std::memmove(b + m, b, static_cast<size_t>(len));
      std::memcpy(b, memory.data(), memory.size());
      return len + m;
    }
    case 'X': {
      // Insert memory[p0, p0 + p1) at position p2.
      const int m = static_cast<int>(memory.size());
      const int at = op.p2;
      if (p0 + p1 > m || at > len || len + p1 >= kSize) return len;
      std::memmove(b + at + p1, b + at, static_cast<size_t>(len - at));
      std::memcpy(b + at, memory.data() + p0, static_cast<size_t>(p1));
      return len + p1;
    }
    default:
      return len;
  }
}

}  // namespace

Result<Rule> ParseRule(std::string_view line) {
  Rule rule;
  size_t i = 0;
  while (i < line.size()) {
    const char name = line[i++];
    if (name == ' ') continue;
    auto args = Arguments(name);
    if (!args) {
      return Fail(ErrorCode::kInvalidArgument, "function " + Quoted(name) + " is not supported");
    }
    RuleOp op{.name = name};
    uint8_t* slots[] = {&op.p0, &op.p1, &op.p2};
    for (size_t a = 0; a < args->size(); ++a) {
      if (i >= line.size()) {
        return Fail(ErrorCode::kInvalidArgument, "function " + Quoted(name) + " needs " +
                                                     std::to_string(args->size()) + " argument(s)");
      }
      const char c = line[i++];
      if ((*args)[a] == 'N') {
        auto pos = Position(c);
        if (!pos) {
          return Fail(ErrorCode::kInvalidArgument, "function " + Quoted(name) + ": position " +
                                                       Quoted(c) + " is not 0-9 or A-Z");
        }
        *slots[a] = *pos;
      } else {
        *slots[a] = static_cast<uint8_t>(c);
      }
    }
    rule.push_back(op);
  }
  return rule;
}

Result<std::vector<Rule>> ParseRuleFile(std::string_view text, std::string_view name) {
  std::vector<Rule> rules;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto rule = ParseRule(line);
    if (!rule) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(name) + ":" + std::to_string(line_no) + ": " + rule.error().message);
    }
    rules.push_back(std::move(*rule));
  }
  if (rules.empty()) return Fail(ErrorCode::kInvalidArgument, std::string(name) + ": no rules");
  return rules;
}

size_t ApplyRule(const Rule& rule, char* buf, size_t len, std::string& memory) {
  int n = static_cast<int>(len);
  for (const RuleOp& op : rule) n = Apply(op, buf, n, memory);
  return static_cast<size_t>(n);
}

RuleChain::RuleChain(std::vector<std::vector<Rule>> files) : files_(std::move(files)) {
  for (const auto& f : files_) size_ *= std::max<size_t>(1, f.size());
}

bool RuleChain::Apply(uint64_t index, std::string_view word, char* out, size_t& out_len) const {
  if (files_.empty()) {
    if (word.size() > kRuleBufferSize) return false;
    std::memcpy(out, word.data(), word.size());
    out_len = word.size();
    return true;
  }
  if (word.size() > kRuleBufferSize) return false;
  std::memcpy(out, word.data(), word.size());
  size_t len = word.size();
  std::string memory;
  for (const auto& file : files_) {
    const Rule& rule = file[index % file.size()];
    index /= file.size();
    len = ApplyRule(rule, out, len, memory);
  }
  out_len = len;
  return true;
}

}  // namespace knox::analysis
