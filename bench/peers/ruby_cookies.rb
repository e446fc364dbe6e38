# Rails 6.1 and Rack 2.2 cookies in their own language: bench/compare's peer for knox's
# rails-signed, rails-encrypted and rack rows (bench/token_bench.cc). Debian's ruby-rails /
# ruby-activesupport / ruby-actionpack 6.1.7 and ruby-rack 2.2, nothing else.
#
#   ruby bench/peers/ruby_cookies.rb SECONDS      (the secret in BENCH_SECRET)
#
# BENCH_SECRET is token_bench's key text: Rails's secret_key_base and Rack's :secret. The payload
# is token_bench's {"user_id" => "123", "role" => "admin"}, the cookie is named "session".
#  - rails-signed / rails-encrypted: a real cookie jar configured as a Rails 6.1 app's
#    (interop/rails/rails_jar.rb: key generator PBKDF2-SHA1, JSON serializer, cookies with
#    metadata, signed digest SHA1, authenticated encryption AES-256-GCM). sign is
#    jar.signed/encrypted["session"] = { value: payload } (serialize, MessageVerifier#generate /
#    MessageEncryptor#encrypt_and_sign with purpose "cookie.session") and Rack::Utils.escape of the
#    value, as Set-Cookie writes it; verify is Rack::Utils.unescape (the Cookie header's parse) and
#    the jar's own read of it (parse with purpose "cookie.session", then deserialize).
#  - rack: Rack::Session::Cookie's own pieces with its defaults (Base64::Marshal coder, HMAC-SHA1):
#    write_session's coder.encode + "--" + generate_hmac, Rack::Utils.escape; and
#    unpacked_cookie_data's unescape, rpartition("--"), digest_match? and coder.decode. The
#    middleware's session_id is not added: knox signs the payload as given.
# Prints a JSON list of rows {"operation", "peer", "rate" (calls per second of process CPU time),
# "token" (sign rows: one value made, for bench/compare's cross-check with knox)}.
require "json"
require_relative "../../interop/rails/rails_jar"
require "rack/session/cookie"

SECONDS = Float(ARGV.fetch(0))
SECRET = ENV.fetch("BENCH_SECRET")
PAYLOAD = { "user_id" => "123", "role" => "admin" }.freeze
NAME = "session"

def rate
  n = 0
  start = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
  loop do
    200.times { yield }
    n += 200
    elapsed = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - start
    return n / elapsed if elapsed >= SECONDS
  end
end

def rails_rows(kind, format)
  jar = RailsJar.jar([SECRET])
  typed = jar.public_send(kind)
  sign = lambda do
    typed[NAME] = { value: PAYLOAD } # a Hash alone would be read as cookie options
    Rack::Utils.escape(jar[NAME])
  end
  token = sign.call
  verify = -> { typed.send(:parse, NAME, Rack::Utils.unescape(token), purpose: "cookie.#{NAME}") }
  raise "#{format}: the jar does not read back its own cookie" unless verify.call == PAYLOAD

  peer = "Rails #{ActionPack.version} (Ruby #{RUBY_VERSION})"
  [{ operation: "sign/#{format}", peer: peer, rate: rate(&sign), token: token },
   { operation: "verify/#{format}", peer: peer, rate: rate(&verify) }]
end

def rack_rows
  cookie = Rack::Session::Cookie.new(->(_env) { [200, {}, []] }, secret: SECRET)
  sign = lambda do
    data = cookie.coder.encode(PAYLOAD)
    data << "--#{cookie.send(:generate_hmac, data, SECRET)}"
    Rack::Utils.escape(data)
  end
  token = sign.call
  verify = lambda do
    data, _, digest = Rack::Utils.unescape(token).rpartition("--")
    cookie.send(:digest_match?, data, digest) ? cookie.coder.decode(data) : nil
  end
  raise "rack: the coder does not read back its own cookie" unless verify.call == PAYLOAD

  peer = "Rack #{Rack.release} (Ruby #{RUBY_VERSION})"
  [{ operation: "sign/rack", peer: peer, rate: rate(&sign), token: token },
   { operation: "verify/rack", peer: peer, rate: rate(&verify) }]
end

rows = rails_rows(:signed, "rails-signed") + rails_rows(:encrypted, "rails-encrypted") + rack_rows
puts JSON.generate(rows)
