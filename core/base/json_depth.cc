#include "core/base/json_depth.h"

namespace knox {

bool JsonDepthWithin(std::string_view text, int max_depth) {
  if (max_depth < 0) return false;  // even a scalar is depth 0
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;  // a stray closer must not buy room for more openers
    }
  }
  return true;
}

}  // namespace knox
