// RenderOptions: how a report is rendered, independent of its content. Shared by every renderer;
// a renderer ignores the options that do not apply to its format.
#pragma once

#include <string>

namespace knox::reports {

// Where SARIF's tool.driver.informationUri and the HTML footer point. knox has no public home
// page yet, so by default neither is written; a caller may set one (https only).
inline constexpr const char* kDefaultInformationUri = "";

struct RenderOptions {
  bool colour = false;  // text: ANSI colours (the CLI sets it when stdout is a terminal)
  std::string information_uri = kDefaultInformationUri;
};

}  // namespace knox::reports
