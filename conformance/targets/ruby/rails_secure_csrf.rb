# rails-secure-csrf: a Rails 6.1 app (Debian's ruby-rails, no bundler, no database) with Rails'
# defaults for sessions and CSRF, audited by knox with no profile.
#
# - the default session store: the encrypted cookie `_app_session` (config.load_defaults 6.1:
#   AES-256-GCM with a key derived from secret_key_base, JSON serializer and purpose metadata, as
#   `rails new` generates); secret_key_base is random per process (or
#   KNOX_TARGET_RAILS_SECRET_KEY_BASE, which the ground-truth test sets to decrypt the cookie)
# - Rails' real CSRF protection (`protect_from_forgery with: :exception`): the login form and the
#   logout button carry `authenticity_token`, every page of the layout has csrf_meta_tags (so the
#   anonymous visit of / already gets a session cookie holding the CSRF secret)
# - `reset_session` at login (a new session), `DELETE /logout` through the form that
#   `button_to "Log out", logout_path, method: :delete` renders (`_method=delete`), which also
#   calls `reset_session`
# - `/dashboard` redirects to `/login` without a logged-in session
# The session is all in the cookie: reset_session at logout gives the browser a new cookie, but
# the old one, replayed, still logs in (nothing on the server forgets it).
require_relative "common"
require "securerandom"
require "action_controller/railtie"

args = KnoxTarget.parse_args(ARGV, "rails-secure-csrf: Rails 6.1 cookie store + CSRF")

class App < Rails::Application
  config.load_defaults 6.1
  config.root = __dir__
  config.eager_load = false
  config.cache_classes = true
  config.consider_all_requests_local = false # production error pages (422 for a bad token)
  config.secret_key_base = ENV["KNOX_TARGET_RAILS_SECRET_KEY_BASE"] || SecureRandom.hex(64)
  config.session_store :cookie_store, key: "_app_session"
  config.action_dispatch.cookies_serializer = :json # what `rails new` writes in an initializer
  config.logger = Logger.new(ENV["KNOX_TARGET_DEBUG"] ? $stderr : nil) # KNOX_TARGET_DEBUG=1: errors
  config.log_level = :warn
  config.hosts.clear
  config.active_support.deprecation = :silence
end

App.initialize!
App.routes.draw do
  root "pages#home"
  get "/login", to: "sessions#new", as: :login
  post "/login", to: "sessions#create"
  delete "/logout", to: "sessions#destroy", as: :logout
  get "/dashboard", to: "pages#dashboard", as: :dashboard
end

LAYOUT = <<~ERB.freeze
  <!DOCTYPE html>
  <html>
  <head><title>rails-secure-csrf</title><%= csrf_meta_tags %></head>
  <body><%= yield %></body>
  </html>
ERB

LOGIN = <<~ERB.freeze
  <h1>Log in</h1>
  <% if @error %><p class="alert"><%= @error %></p><% end %>
  <%= form_with url: login_path, local: true do |f| %>
    <%= f.label :username %> <%= f.text_field :username %>
    <%= f.label :password %> <%= f.password_field :password %>
    <%= f.submit "Log in" %>
  <% end %>
ERB

DASHBOARD = <<~ERB.freeze
  <h1>Dashboard</h1>
  <p>Signed in as <%= @user %></p>
  <%= button_to "Log out", logout_path, method: :delete %>
ERB

HOME = <<~ERB.freeze
  <h1>rails-secure-csrf</h1>
  <p><%= link_to "Log in", login_path %> or see the <%= link_to "dashboard", dashboard_path %>.</p>
ERB

USERS = { "alice" => "wonderland" }.freeze

class ApplicationController < ActionController::Base
  protect_from_forgery with: :exception

  private

  # The page inside the layout (an inline ERB template: the app is one file).
  def page(template, status: :ok)
    render inline: LAYOUT.sub("<%= yield %>") { template }, status: status
  end
end

class PagesController < ApplicationController
  def home
    page HOME
  end

  def dashboard
    @user = session[:user]
    return redirect_to(login_path) unless @user

    page DASHBOARD
  end
end

class SessionsController < ApplicationController
  def new
    page LOGIN
  end

  def create
    username, password = params[:username].to_s, params[:password].to_s
    unless USERS.key?(username) && ActiveSupport::SecurityUtils.secure_compare(USERS[username], password)
      @error = "Invalid user name or password"
      return page(LOGIN, status: :unprocessable_entity)
    end
    reset_session
    session[:user] = username
    redirect_to dashboard_path
  end

  def destroy
    reset_session
    redirect_to login_path
  end
end

KnoxTarget.serve(App, args)
