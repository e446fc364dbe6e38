# Vectors made by the real Rails 6.1 cookie jars (Debian ruby-actionpack, ruby-activesupport):
#   interop/vectors/rails.jsonl
#     op "sign":   what cookies.signed[NAME] = {value:, expires:} writes (deterministic: knox must
#                  write the same bytes)
#     op "verify": what the signed and encrypted jars read back from a cookie: "ok" with the value
#                  the app sees, or a refusal (Rails's jars answer nil; the case's label says
#                  which step refuses: bad-signature, expired or malformed). Encrypted cookies
#                  carry a random IV, so their tokens are Rails's output recorded once and checked
#                  by reading them again with Rails (--check).
# Usage: ruby gen_vectors.rb OUT_DIR            write the file
#        ruby gen_vectors.rb --check VECTOR_DIR every signed vector regenerated identically, every
#                                               recorded cookie read by Rails as recorded
require "json"
require_relative "rails_jar"

T0 = 1_700_000_000 # the issue time of every expiring cookie
FUTURE = 1_000_000_000 # seconds: an expiry far ahead (2053)
SID = "4f1e0c6a9b2d8e7f3a5c1b0d9e8f7a6b"

# The JSON knox shows for what the jar read (docs/formats.md "Ruby Marshal as JSON" for the
# subset these cases use: symbols as strings). interop/ruby/knox_json.rb is not used here: with
# ActiveSupport loaded, its module detection sees ActiveSupport's prepended modules.
def plain(value)
  case value
  when Hash then value.to_h { |k, v| [k.to_s, plain(v)] }
  when Array then value.map { |v| plain(v) }
  when Symbol then value.to_s
  when nil, true, false, Integer, Float, String then value
  else raise "no plain JSON for #{value.class}"
  end
end

def rendered(value)
  JSON.generate(plain(value))
end

# ---- signed: byte-exact ------------------------------------------------------------------------

SIGN_CASES = [
  # name, value, secret, cookie, lifetime after T0 (nil: no expiry; knox: --expires T0+S), jar
  ["simple", { "user_id" => 42, "name" => "alice" }, "sekrit", "user", nil, {}],
  ["html-characters", { "q" => "<a href='x'>&amp;</a>", "sep" => "a\u2028b\u2029c", "ctl" => "\u0001\t\n" },
   "sekrit", "prefs", nil, {}],
  ["unicode-and-numbers", { "name" => "Zoë 日本", "f" => [1.5, 100.0, 1e20, 1e15, 1e14, 0.0001, 1e-5, -0.0],
                            "n" => nil, "t" => true, "big" => -123_456_789_012 }, "sekrit", "data", nil, {}],
  ["expiring", { "user_id" => 7 }, "sekrit", "remember", 3600, {}],
  ["scalar", 42, "sekrit", "count", nil, {}],
  ["string", "just text", "sekrit", "flash", nil, {}],
  ["no-metadata", { "user_id" => 3 }, "sekrit", "legacy", nil, { metadata: false }],
  ["sha256-key-generator", { "user_id" => 9 }, "rails seven", "user", nil, { digest: "sha256" }],
  ["weak-secret", { "admin" => true }, "changeme", "user", nil, {}],
].freeze

def sign_vectors
  SIGN_CASES.map do |name, value, secret, cookie, max_age, jar|
    options = { value: value }
    options[:expires] = Time.at(T0 + max_age).utc if max_age
    token = RailsJar.write(:signed, cookie, options, [secret], **jar)
    metadata = jar.fetch(:metadata, true)
    { "format" => "rails-signed", "name" => "sign-#{name}", "op" => "sign", "secret" => secret,
      "digest" => jar.fetch(:digest, "sha1"), "cookie_name" => metadata ? cookie : nil,
      "expires" => max_age && T0 + max_age, "value" => JSON.generate(value), "token" => token }
  end
end

# ---- verify: what the jars read ----------------------------------------------------------------

def tamper(token)
  raw = Rack::Utils.unescape(token)
  i = raw.index("--") / 2
  Rack::Utils.escape(raw[0, i] + (raw[i] == "A" ? "B" : "A") + raw[(i + 1)..])
end

def verify_record(format, name, token, secrets, cookie, outcome, read, jar)
  ok = !(read.nil? || read == :raised)
  raise "#{name}: Rails read #{read.inspect}, the case says #{outcome}" if ok != (outcome == "ok")

  { "format" => format, "name" => name, "op" => "verify", "secrets" => secrets,
    "digest" => jar.fetch(:digest, "sha1"), "cookie_name" => cookie, "token" => token, "outcome" => outcome,
    "value" => ok ? rendered(read) : nil, "jar" => jar.transform_keys(&:to_s).transform_values(&:to_s) }
end

def signed_verify_vectors
  user = RailsJar.write(:signed, "user", { value: { "user_id" => 42 } }, ["sekrit"])
  raw = Rack::Utils.unescape(user)
  data, mac = raw.split("--")
  marshal = RailsJar.write(:signed, "user", { value: { user_id: 5, "roles" => [:admin] } }, ["sekrit"],
                           serializer: :marshal)
  cases = [
    # name, token, secrets, cookie read, outcome, jar options
    ["ok", user, ["sekrit"], "user", "ok", {}],
    ["wrong-secret", user, ["not it"], "user", "bad-signature", {}],
    ["rotation-old-secret", RailsJar.write(:signed, "user", { value: 1 }, ["old one"]), ["new one", "old one"], "user", "ok", {}],
    ["tampered-data", tamper(user), ["sekrit"], "user", "bad-signature", {}],
    ["uppercase-digest", Rack::Utils.escape("#{data}--#{mac.upcase}"), ["sekrit"], "user", "bad-signature", {}],
    ["unescaped", raw, ["sekrit"], "user", "ok", {}],
    ["text-after-digest", Rack::Utils.escape("#{raw}--anything"), ["sekrit"], "user", "ok", {}],
    ["other-purpose", user, ["sekrit"], "admin", "bad-signature", {}],
    ["expired", RailsJar.write(:signed, "user", { value: 1, expires: Time.utc(2001, 1, 1) }, ["sekrit"]),
     ["sekrit"], "user", "expired", {}],
    ["not-yet-expired", RailsJar.write(:signed, "user", { value: 2, expires: Time.at(T0 + FUTURE).utc }, ["sekrit"]),
     ["sekrit"], "user", "ok", {}],
    ["no-metadata-any-name", RailsJar.write(:signed, "x", { value: { "a" => 1 } }, ["sekrit"], metadata: false),
     ["sekrit"], "anything", "ok", {}],
    ["marshal-serializer", marshal, ["sekrit"], "user", "ok", { serializer: :hybrid }],
    ["hmac-sha256", RailsJar.write(:signed, "user", { value: 3 }, ["sekrit"], signed_digest: "SHA256"), ["sekrit"],
     "user", "ok", { signed_digest: "SHA256" }],
    ["sha256-key-generator", RailsJar.write(:signed, "user", { value: 4 }, ["sekrit"], digest: "sha256"), ["sekrit"],
     "user", "ok", { digest: "sha256" }],
    ["sha256-token-sha1-reader", RailsJar.write(:signed, "user", { value: 4 }, ["sekrit"], digest: "sha256"), ["sekrit"],
     "user", "bad-signature", {}],
  ]
  cases.map do |name, token, secrets, cookie, outcome, jar|
    read = RailsJar.read(:signed, cookie, token, secrets, **jar)
    verify_record("rails-signed", "verify-#{name}", token, secrets, cookie, outcome, read, jar)
  end
end

def encrypted_cases
  session = { "session_id" => SID, "user_id" => 42, "_csrf_token" => "c2VjcmV0LWNzcmY=" }
  gcm = RailsJar.write(:encrypted, "_app_session", { value: session }, ["sekrit"])
  cbc = RailsJar.write(:encrypted, "_app_session", { value: session }, ["sekrit"], authenticated: false)
  ct, iv, tag = Rack::Utils.unescape(gcm).split("--")
  flipped = tag.unpack1("m0").bytes
  flipped[0] ^= 1
  [
    ["gcm", gcm, ["sekrit"], "_app_session", "ok", {}],
    ["gcm-wrong-secret", gcm, ["not it"], "_app_session", "bad-signature", {}],
    ["gcm-rotation-old-secret", RailsJar.write(:encrypted, "_app_session", { value: session }, ["old one"]),
     ["new one", "old one"], "_app_session", "ok", {}],
    ["gcm-tampered-tag", Rack::Utils.escape("#{ct}--#{iv}--#{[flipped.pack("C*")].pack("m0")}"), ["sekrit"],
     "_app_session", "bad-signature", {}],
    ["gcm-short-tag", Rack::Utils.escape("#{ct}--#{iv}--#{[tag.unpack1("m0")[0, 12]].pack("m0")}"), ["sekrit"],
     "_app_session", "malformed", {}],
    ["gcm-other-purpose", gcm, ["sekrit"], "remember_token", "bad-signature", {}],
    ["gcm-expired", RailsJar.write(:encrypted, "_app_session", { value: session, expires: Time.utc(2001, 1, 1) },
                                   ["sekrit"]), ["sekrit"], "_app_session", "expired", {}],
    ["gcm-expiring", RailsJar.write(:encrypted, "_app_session",
                                    { value: session, expires: Time.at(T0 + FUTURE).utc }, ["sekrit"]),
     ["sekrit"], "_app_session", "ok", {}],
    ["gcm-marshal", RailsJar.write(:encrypted, "_app_session", { value: { session_id: SID, "flash" => { "notice" => "hi" } } },
                                   ["sekrit"], serializer: :marshal), ["sekrit"], "_app_session", "ok", { serializer: :hybrid }],
    ["gcm-no-metadata", RailsJar.write(:encrypted, "x", { value: "plain" }, ["sekrit"], metadata: false), ["sekrit"],
     "_app_session", "ok", {}],
    ["gcm-sha256-key-generator", RailsJar.write(:encrypted, "_app_session", { value: session }, ["rails seven"],
                                                digest: "sha256"), ["rails seven"], "_app_session", "ok", { digest: "sha256" }],
    ["gcm-weak-secret", RailsJar.write(:encrypted, "_app_session", { value: session }, ["changeme"]), ["changeme"],
     "_app_session", "ok", {}],
    ["cbc", cbc, ["sekrit"], "_app_session", "ok", { authenticated: false }],
    ["cbc-wrong-secret", cbc, ["not it"], "_app_session", "bad-signature", { authenticated: false }],
    ["cbc-tampered", tamper(cbc), ["sekrit"], "_app_session", "bad-signature", { authenticated: false }],
    ["cbc-other-purpose", cbc, ["sekrit"], "flash", "bad-signature", { authenticated: false }],
  ]
end

def encrypted_records(cases)
  cases.map do |name, token, secrets, cookie, outcome, jar|
    read = RailsJar.read(:encrypted, cookie, token, secrets, **jar)
    verify_record("rails-encrypted", "verify-#{name}", token, secrets, cookie, outcome, read, jar)
  end
end

def lines(records)
  records.map { |r| JSON.generate(r) + "\n" }.join
end

def jar_options(record)
  (record["jar"] || {}).to_h do |k, v|
    value = case k
            when "serializer" then v.to_sym
            when "authenticated", "metadata" then v == "true"
            else v
            end
    [k.to_sym, value]
  end
end

if ARGV[0] == "--check"
  path = File.join(ARGV.fetch(1), "rails.jsonl")
  recorded = File.readlines(path).map { |l| JSON.parse(l) }
  fresh_signed = lines(sign_vectors + signed_verify_vectors)
  kept_signed = lines(recorded.select { |r| r["format"] == "rails-signed" })
  stale = fresh_signed != kept_signed
  warn "interop/vectors/rails.jsonl: signed vectors are stale (ruby interop/rails/gen_vectors.rb interop/vectors)" if stale
  # Encrypted cookies were written once with random IVs: Rails must still read each as recorded.
  encrypted = recorded.select { |r| r["format"] == "rails-encrypted" }
  wrong = encrypted.reject do |r|
    read = RailsJar.read(:encrypted, r["cookie_name"], r["token"], r["secrets"], **jar_options(r))
    ok = !(read.nil? || read == :raised)
    ok == (r["outcome"] == "ok") && (!ok || rendered(read) == r["value"])
  end
  wrong.each { |r| warn "Rails no longer reads #{r["name"]} as recorded" }
  exit 1 if stale || !wrong.empty? || encrypted.size < 16
  puts "rails.jsonl: #{recorded.size} vectors; signed ones identical to Rails's output, " \
       "#{encrypted.size} encrypted cookies read by Rails as recorded"
else
  records = sign_vectors + signed_verify_vectors + encrypted_records(encrypted_cases)
  File.binwrite(File.join(ARGV.fetch(0), "rails.jsonl"), lines(records))
end
