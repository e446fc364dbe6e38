// Test-only tool: renders the fixed sample report (sample_report.h, hostile strings included) in
// the format named by argv[1] to stdout, for check_outputs.py. Exit 2 on a usage error.
#include <cstdio>
#include <iostream>
#include <string_view>

#include "reports/render.h"
#include "reports/sample_report.h"

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 3 && std::string_view(argv[2]) == "--colour")) {
    std::cerr << "usage: knox_render_sample text|json|junit|sarif|html [--colour]\n";
    return 2;
  }
  auto format = knox::reports::ParseFormat(argv[1]);
  if (!format) {
    std::cerr << "knox_render_sample: " << format.error().message << "\n";
    return 2;
  }
  const knox::reports::RenderOptions options{.colour = argc == 3};
  std::cout << knox::reports::Render(knox::reports::testing::SampleReport(), *format, options);
  return std::cout.good() ? 0 : 1;
}
