# Real Rails 6.1 cookie jars (Debian ruby-actionpack / ruby-activesupport) outside an app: the
# request environment a Rails app's config puts in front of ActionDispatch::Cookies, so the
# interop scripts write and read cookies exactly as an app would.
require "json"
require "openssl"
require "rack"
require "action_dispatch"
require "action_dispatch/middleware/cookies"
require "active_support/key_generator"
require "active_support/messages/rotation_configuration"

module RailsJar
  # Rails 7.0's key generator (KeyGenerator with hash_digest_class SHA256): Rails 6.1's is
  # PBKDF2-HMAC-SHA1 only, so the SHA-256 variant is the same PBKDF2 call with the other digest.
  class Sha256KeyGenerator
    def initialize(secret)
      @secret = secret
    end

    def generate_key(salt, key_size = 64)
      OpenSSL::PKCS5.pbkdf2_hmac(@secret, salt, 1000, key_size, OpenSSL::Digest::SHA256.new)
    end
  end

  SALTS = {
    signed: "signed cookie",
    encrypted: "encrypted cookie",
    encrypted_signed: "signed encrypted cookie",
    authenticated: "authenticated encrypted cookie",
  }.freeze

  def self.key_generator(secret, digest)
    gen = digest == "sha256" ? Sha256KeyGenerator.new(secret) : ActiveSupport::KeyGenerator.new(secret, iterations: 1000)
    ActiveSupport::CachingKeyGenerator.new(gen)
  end

  # Cookie rotations for older secret_key_base values, as an app configures them
  # (config.action_dispatch.cookies_rotations): derived keys, newest first.
  def self.rotations(old_secrets, digest, authenticated)
    r = ActiveSupport::Messages::RotationConfiguration.new
    old_secrets.each do |old|
      gen = key_generator(old, digest)
      r.rotate :signed, gen.generate_key(SALTS[:signed])
      if authenticated
        r.rotate :encrypted, gen.generate_key(SALTS[:authenticated], 32)
      else
        r.rotate :encrypted, gen.generate_key(SALTS[:encrypted], 32), gen.generate_key(SALTS[:encrypted_signed]),
                 cipher: "aes-256-cbc"
      end
    end
    r
  end

  # A cookie jar for a request carrying `cookie_header`. secrets: secret_key_base values, current
  # first; the rest become rotations.
  def self.jar(secrets, cookie_header: nil, digest: "sha1", serializer: :json, authenticated: true,
               metadata: true, signed_digest: "SHA1")
    env = Rack::MockRequest.env_for("/", cookie_header ? { "HTTP_COOKIE" => cookie_header } : {})
    env["action_dispatch.key_generator"] = key_generator(secrets[0], digest)
    env["action_dispatch.signed_cookie_salt"] = SALTS[:signed]
    env["action_dispatch.encrypted_cookie_salt"] = SALTS[:encrypted]
    env["action_dispatch.encrypted_signed_cookie_salt"] = SALTS[:encrypted_signed]
    env["action_dispatch.authenticated_encrypted_cookie_salt"] = SALTS[:authenticated]
    env["action_dispatch.use_authenticated_cookie_encryption"] = authenticated
    env["action_dispatch.encrypted_cookie_cipher"] = "aes-256-gcm"
    env["action_dispatch.signed_cookie_digest"] = signed_digest
    env["action_dispatch.cookies_serializer"] = serializer
    env["action_dispatch.use_cookies_with_metadata"] = metadata
    env["action_dispatch.cookies_rotations"] = rotations(secrets.drop(1), digest, authenticated)
    ActionDispatch::Request.new(env).cookie_jar
  end

  # The value Set-Cookie carries after jar.<kind>[name] = options.
  def self.write(kind, name, options, secrets, **jar_options)
    j = jar(secrets, **jar_options)
    j.public_send(kind)[name] = options
    headers = {}
    j.write(headers)
    line = Array(headers["Set-Cookie"]).join("\n").split("\n").find { |l| l.start_with?("#{name}=") }
    line.split(";", 2)[0].split("=", 2)[1]
  end

  # What the app reads from jar.<kind>[name] for Cookie: name=value (nil: refused); :raised when
  # Rails raises instead.
  def self.read(kind, name, value, secrets, **jar_options)
    jar(secrets, cookie_header: "#{name}=#{value}", **jar_options).public_send(kind)[name]
  rescue StandardError
    :raised
  end
end
