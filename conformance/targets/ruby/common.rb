# Shared plumbing of the Ruby targets: command line, credentials, WEBrick serving (http or https).
# Every session decision is made in each target's own file with the framework's own API.
require "json"
require "optparse"
require "rack"
require "webrick"

module KnoxTarget
  USER = "alice"
  PASSWORD = "wonderland"

  module_function

  def parse_args(argv, description)
    args = { host: "127.0.0.1", port: 8000, tls_cert: nil, tls_key: nil }
    OptionParser.new do |o|
      o.banner = "#{description}\nusage: ruby APP.rb [--host H] [--port N] [--tls-cert F --tls-key F]"
      o.on("--host H") { |v| args[:host] = v }
      o.on("--port N", Integer) { |v| args[:port] = v }
      o.on("--tls-cert F") { |v| args[:tls_cert] = v }
      o.on("--tls-key F") { |v| args[:tls_key] = v }
    end.parse!(argv)
    abort "--tls-cert and --tls-key go together" if args[:tls_cert].nil? != args[:tls_key].nil?
    args
  end

  # [username, password] from a JSON or form-encoded body (Rack's own form parser).
  def credentials(req)
    if req.media_type == "application/json"
      data = begin
        JSON.parse(req.body.read)
      rescue JSON::ParserError
        nil
      end
      return [nil, nil] unless data.is_a?(Hash)
      return [data["username"], data["password"]]
    end
    [req.POST["username"], req.POST["password"]]
  end

  def credentials_ok?(username, password)
    username == USER && password == PASSWORD
  end

  # WEBrick through Rack's handler, thread per connection; https with the given PEM files. The
  # ready line ("listening on URL") goes to stderr once the socket listens.
  def serve(app, args)
    $stderr.sync = true
    scheme = args[:tls_cert] ? "https" : "http"
    options = {
      Host: args[:host], Port: args[:port],
      # FATAL: not the EOF errors of TLS clients that close without close_notify
      Logger: WEBrick::Log.new($stderr, WEBrick::Log::FATAL), AccessLog: [],
      StartCallback: -> { $stderr.puts "listening on #{scheme}://#{args[:host]}:#{args[:port]}" }
    }
    if args[:tls_cert]
      require "webrick/https"
      options.merge!(
        SSLEnable: true,
        SSLCertificate: OpenSSL::X509::Certificate.new(File.read(args[:tls_cert])),
        SSLPrivateKey: OpenSSL::PKey.read(File.read(args[:tls_key])),
        SSLCertName: nil
      )
    end
    Rack::Handler::WEBrick.run(app, **options) do |server|
      %w[TERM INT].each { |signal| trap(signal) { server.shutdown } }
    end
  end
end
