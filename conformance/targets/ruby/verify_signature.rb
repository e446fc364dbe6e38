# The ground-truth test's Ruby helper (conformance/targets/ground_truth_test.py): checks cookie
# values with the real libraries, as verify_signature.js does for the Node formats.
#
# stdin: {"format": "rack" | "rails-encrypted", "value": the Cookie header value (still
#         URL-escaped, as the browser sends it), "name": the cookie name, "secrets": [...]}
# stdout: {"index": the first secret that verifies / decrypts the value, or -1,
#          "payload": the session that secret opens (JSON-rendered), or null,
#          "readable": for rack, the session anyone reads without a secret (null otherwise)}
require "json"
require "rack"

request = JSON.parse($stdin.read)
value, name, secrets = request.fetch("value"), request.fetch("name"), request.fetch("secrets")
env = Rack::MockRequest.env_for("/", "HTTP_COOKIE" => "#{name}=#{value}")

# Ruby values as JSON: a Rack::Session::SessionId (the session_id Rack stores) as its public id.
def plain(v)
  case v
  when Hash then v.to_h { |k, x| [k.to_s, plain(x)] }
  when Array then v.map { |x| plain(x) }
  when String, Integer, Float, true, false, nil then v
  else v.respond_to?(:public_id) ? v.public_id : v.to_s
  end
end

result = { "index" => -1, "payload" => nil, "readable" => nil }
case request.fetch("format")
when "rack"
  # Rack::Session::Cookie itself: its find_session with each secret (HMAC-SHA1 of the data,
  # Base64::Marshal coder). Without a secret Rack only decodes, as anyone can.
  open_with = lambda do |secret|
    options = { key: name }
    options[:secret] = secret if secret
    store = Rack::Session::Cookie.new(->(_) { [200, {}, []] }, options)
    data = store.send(:unpacked_cookie_data, Rack::Request.new(env.dup))
    data.empty? ? nil : data
  end
  $stderr.reopen(File::NULL) # the no-secret warning of the decode-only store
  readable = open_with.call(nil)
  result["readable"] = readable && plain(readable)
  secrets.each_with_index do |secret, i|
    data = open_with.call(secret)
    next unless data
    result["index"], result["payload"] = i, plain(data)
    break
  end
when "rails-encrypted"
  # ActionDispatch's own encrypted cookie jar, configured as config.load_defaults 6.1 does
  # (AES-256-GCM, "authenticated encrypted cookie" salt, JSON, purpose metadata).
  require "action_dispatch"
  require "active_support/key_generator"
  require "active_support/messages/rotation_configuration"
  secrets.each_with_index do |secret, i|
    e = env.dup
    e[ActionDispatch::Cookies::GENERATOR_KEY] =
      ActiveSupport::CachingKeyGenerator.new(ActiveSupport::KeyGenerator.new(secret, iterations: 1000))
    e[ActionDispatch::Cookies::AUTHENTICATED_ENCRYPTED_COOKIE_SALT] = "authenticated encrypted cookie"
    e[ActionDispatch::Cookies::ENCRYPTED_COOKIE_CIPHER] = "aes-256-gcm"
    e[ActionDispatch::Cookies::USE_AUTHENTICATED_COOKIE_ENCRYPTION] = true
    e[ActionDispatch::Cookies::COOKIES_SERIALIZER] = :json
    e[ActionDispatch::Cookies::USE_COOKIES_WITH_METADATA] = true
    e[ActionDispatch::Cookies::COOKIES_ROTATIONS] = ActiveSupport::Messages::RotationConfiguration.new
    data = ActionDispatch::Request.new(e).cookie_jar.encrypted[name]
    next if data.nil?
    result["index"], result["payload"] = i, plain(data)
    break
  end
else
  abort "verify_signature.rb: unknown format #{request['format']}"
end
puts JSON.generate(result)
