<?php
// config/session.php of the Laravel 8 skeleton (laravel/laravel 8.x), unchanged but for the
// comments: the file driver (Laravel's default), 120 minutes, not expire_on_close, no Secure unless
// SESSION_SECURE_COOKIE is set, HttpOnly, SameSite=lax. storage_path() is the per-process temp dir
// (bootstrap.php).
use Illuminate\Support\Str;

return [
    'driver' => env('SESSION_DRIVER', 'file'),
    'lifetime' => env('SESSION_LIFETIME', 120),
    'expire_on_close' => false,
    'encrypt' => false,
    'files' => storage_path('framework/sessions'),
    'connection' => env('SESSION_CONNECTION', null),
    'table' => 'sessions',
    'store' => env('SESSION_STORE', null),
    'lottery' => [2, 100],
    'cookie' => env('SESSION_COOKIE', Str::slug(env('APP_NAME', 'laravel'), '_') . '_session'),
    'path' => '/',
    'domain' => env('SESSION_DOMAIN', null),
    'secure' => env('SESSION_SECURE_COOKIE'),
    'http_only' => true,
    'same_site' => 'lax',
];
