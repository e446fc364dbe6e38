# Seeds for fuzz/ruby_marshal_fuzzer.cc, dumped by the real Ruby Marshal:
#   ruby interop/ruby/gen_fuzz_corpus.rb fuzz/corpus/ruby_marshal
# One file per value of gen_vectors.rb's Marshal cases, plus values only Ruby can make (Time,
# a cycle, a Rack session cookie's data).
require "fileutils"
require_relative "marshal_cases"

dir = ARGV.fetch(0)
FileUtils.mkdir_p(dir)
cycle = []
cycle << cycle
extra = [
  ["time", Time.at(1_700_000_000, 123_456, :usec).utc],
  ["cycle", cycle],
  ["rack_session", { "session_id" => Rack::Session::SessionId.new("4f1e0c6a9b2d"), "user" => "alice", "n" => 5 }],
]
(marshal_cases + extra).each { |name, value| File.binwrite(File.join(dir, name), Marshal.dump(value)) }
