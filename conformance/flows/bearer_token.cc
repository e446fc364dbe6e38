#include "conformance/flows/bearer_token.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <nlohmann/json.hpp>
#include <utility>

namespace knox::flows {
namespace {

using nlohmann::json;

constexpr size_t kMinToken = 8;
constexpr size_t kMaxToken = 8192;
constexpr int kMaxDepth = 3;

bool IsTokenText(const json& value) {
  if (!value.is_string()) return false;
  const std::string& s = value.get_ref<const std::string&>();
  return s.size() >= kMinToken && s.size() <= kMaxToken &&
         std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// "~1" → "/", "~0" → "~" (RFC 6901 §4).
std::string Unescape(std::string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// "~" → "~0", "/" → "~1".
std::string Escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

const json* At(const json& root, std::string_view pointer) {
  const json* node = &root;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    const size_t end = std::min(pointer.find('/'), pointer.size());
    const std::string token = Unescape(pointer.substr(0, end));
    pointer.remove_prefix(end);
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      size_t index = 0;
      auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || ptr != token.data() + token.size() || token.empty() ||
          (token.size() > 1 && token[0] == '0') || index >= node->size()) {
        return nullptr;
      }
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

}  // namespace

std::optional<FoundBearer> FindBearerToken(std::string_view body, std::string_view pointer) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return std::nullopt;
  if (!pointer.empty()) {
    if (pointer[0] != '/') return std::nullopt;  // not an RFC 6901 pointer: it points nowhere
    const json* value = At(root, pointer);
    if (value == nullptr || !IsTokenText(*value)) return std::nullopt;
    return FoundBearer{.token = value->get<std::string>(), .source = std::string(pointer)};
  }
  std::deque<std::pair<const json*, std::string>> level = {{&root, ""}};
  for (int depth = 0; depth <= kMaxDepth && !level.empty(); ++depth) {
    for (std::string_view name : kBearerMembers) {
      for (const auto& [object, at] : level) {
        auto it = object->find(std::string(name));
        if (it != object->end() && IsTokenText(*it)) {
          return FoundBearer{.token = it->get<std::string>(), .source = at + "/" + Escape(name)};
        }
      }
    }
    std::deque<std::pair<const json*, std::string>> next;
    for (const auto& [object, at] : level) {
      for (const auto& [key, value] : object->items()) {
        if (value.is_object()) next.emplace_back(&value, at + "/" + Escape(key));
      }
    }
    level = std::move(next);
  }
  return std::nullopt;
}

}  // namespace knox::flows
