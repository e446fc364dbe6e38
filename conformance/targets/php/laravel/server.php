<?php
// laravel-session-csrf: a Laravel 8 app (Debian 12's php-laravel-framework 8.83, no composer, no
// network) served by `php -S HOST:PORT conformance/targets/php/laravel/server.php`; this file is
// both the router script and public/index.php. Every request boots the real Foundation
// Application and HTTP kernel (app/Http/Kernel.php: EncryptCookies, StartSession, VerifyCsrfToken)
// with the skeleton's configuration (config/), the `file` session driver and Blade views.
//
// Per process (php -S is one process; every request is a fresh PHP request in it): a temp dir
// holding the session files, compiled views and Laravel's cache manifests, and APP_KEY — random
// (32 bytes, `base64:` as `php artisan key:generate` writes it) unless
// KNOX_TARGET_LARAVEL_APP_KEY gives one (the ground-truth test does, to decrypt the cookies).
declare(strict_types=1);

$storage = sys_get_temp_dir() . '/knox-laravel-' . getmypid();
if (!is_dir($storage . '/framework/sessions')) {
    // the first request of this process: the temp dirs of earlier, dead processes go (php -S has
    // no hook at its own exit)
    foreach (glob(sys_get_temp_dir() . '/knox-laravel-*', GLOB_ONLYDIR) ?: [] as $old) {
        $pid = substr(basename($old), strlen('knox-laravel-'));
        if (ctype_digit($pid) && !is_dir("/proc/$pid") && is_writable($old)) {
            $items = new RecursiveIteratorIterator(
                new RecursiveDirectoryIterator($old, FilesystemIterator::SKIP_DOTS),
                RecursiveIteratorIterator::CHILD_FIRST);
            foreach ($items as $item) {
                $item->isDir() && !$item->isLink() ? @rmdir($item->getPathname())
                                                   : @unlink($item->getPathname());
            }
            @rmdir($old);
        }
    }
    foreach (['framework/sessions', 'framework/views', 'bootstrap/cache'] as $sub) {
        @mkdir($storage . '/' . $sub, 0700, true);
    }
}
$key = getenv('KNOX_TARGET_LARAVEL_APP_KEY');
if ($key === false || $key === '') {
    $keyFile = $storage . '/app_key';
    $key = @file_get_contents($keyFile);
    if ($key === false || $key === '') {
        $key = 'base64:' . base64_encode(random_bytes(32));
        file_put_contents($keyFile, $key, LOCK_EX);
    }
}
$env = [
    'APP_KEY' => $key,
    'APP_ENV' => 'production',
    'APP_DEBUG' => 'false',
    // Laravel's manifests (bootstrap/cache/*.php) go to the temp dir, not into the repo
    'APP_SERVICES_CACHE' => $storage . '/bootstrap/cache/services.php',
    'APP_PACKAGES_CACHE' => $storage . '/bootstrap/cache/packages.php',
    'APP_CONFIG_CACHE' => $storage . '/bootstrap/cache/config.php',
    'APP_ROUTES_CACHE' => $storage . '/bootstrap/cache/routes-v7.php',
    'APP_EVENTS_CACHE' => $storage . '/bootstrap/cache/events.php',
];
foreach ($env as $name => $value) {
    putenv("$name=$value");
    $_ENV[$name] = $_SERVER[$name] = $value;
}

// Debian installs every package's autoloader under /usr/share/php (on the include path).
require_once 'Illuminate/autoload.php';
spl_autoload_register(function (string $class): void {
    if (strncmp($class, 'App\\', 4) === 0) {
        $file = __DIR__ . '/app/' . str_replace('\\', '/', substr($class, 4)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

$app = new Illuminate\Foundation\Application(__DIR__);
$app->useStoragePath($storage);
$app->singleton(Illuminate\Contracts\Http\Kernel::class, App\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, Illuminate\Foundation\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class,
                Illuminate\Foundation\Exceptions\Handler::class);

$kernel = $app->make(Illuminate\Contracts\Http\Kernel::class);
$response = $kernel->handle($request = Illuminate\Http\Request::capture());
$response->send();
$kernel->terminate($request, $response);
