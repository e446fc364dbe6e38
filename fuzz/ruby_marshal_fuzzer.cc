// Properties of the Ruby Marshal reader (core/token/ruby_marshal.h) on any bytes:
//  - Read terminates within its limits, and what it accepts is written back (Write) into a stream
//    that reads as the same tree and writes the same bytes again (read -> write -> read identity);
//  - the JSON rendering, when within its limits, is stable through the signing path: FromJson,
//    Write and Read give a document that renders to the same JSON (write -> read identity for
//    what knox signs). A cycle ("@ruby":"Link") is shown but never signed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/token/ruby_marshal.h"
#include "core/token/ruby_marshal_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace m = knox::token::marshal;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  auto doc = m::Read(in);
  if (!doc) return 0;
  const std::string bytes = m::Write(*doc);
  auto again = m::Read(bytes);
  if (!again || !m::SameTree(*doc, *again) || m::Write(*again) != bytes) std::abort();

  auto json = m::ToJson(*doc);
  if (!json) return 0;
  auto built = m::FromJson(*json);
  if (!built) return 0;
  // The rebuilt document has no links, so it may hold more nodes than the original: read it with
  // room to spare.
  const m::MarshalLimits roomy{
      .max_depth = 1000, .max_nodes = size_t{1} << 24, .max_rendered_nodes = size_t{1} << 24};
  auto reread = m::Read(m::Write(*built), roomy);
  if (!reread) std::abort();
  auto rendered = m::ToJson(*reread, roomy);
  if (!rendered || *rendered != *json) std::abort();
  return 0;
}
