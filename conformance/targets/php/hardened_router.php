<?php
// php-hardened-idle: PHP 8.2 native sessions (files) served by `php -S` with this router
// (conformance/targets/README.md), configured as PHP's session security guide recommends, plus a
// server-side idle timeout. No intended flaw in the session handling:
//  - the cookie is Secure (http-only target: a browser, and knox's jar, accept a Secure cookie
//    from 127.0.0.1, a potentially trustworthy origin), HttpOnly, SameSite=Lax, Path=/, and a
//    browser-session cookie (no lifetime);
//  - session.use_strict_mode=1: an id the server did not issue is never adopted;
//  - every page starts the session (a common bootstrap), so an anonymous visitor has one, holding
//    the CSRF token of the forms; the login checks that token, then session_regenerate_id(true)
//    (new id, the old session deleted);
//  - the logout is a POST form with the session's CSRF token: session_destroy() and a deletion
//    Set-Cookie with the same attributes;
//  - a session unused for more than IDLE_TIMEOUT seconds is emptied and replaced (last use in
//    $_SESSION['last'], checked on every request).
declare(strict_types=1);

const USER = 'alice';
const PASSWORD = 'wonderland';
const IDLE_TIMEOUT = 6.0;  // seconds

ini_set('session.use_strict_mode', '1');
ini_set('session.use_only_cookies', '1');
ini_set('session.use_trans_sid', '0');
ini_set('session.cookie_lifetime', '0');
ini_set('session.cookie_path', '/');
ini_set('session.cookie_secure', '1');
ini_set('session.cookie_httponly', '1');
ini_set('session.cookie_samesite', 'Lax');
$dir = sys_get_temp_dir() . '/knox-php-hardened-' . getmypid();
if (!is_dir($dir)) {
    mkdir($dir, 0700);
}
session_save_path($dir);

function page(string $title, string $body, int $status = 200): void {
    http_response_code($status);
    header('Content-Type: text/html; charset=utf-8');
    header('Cache-Control: no-store');
    echo "<!doctype html><html><head><title>$title</title></head><body>$body</body></html>";
}

function token(): string {
    return htmlspecialchars($_SESSION['csrf'], ENT_QUOTES);
}

function token_ok(): bool {
    return hash_equals($_SESSION['csrf'], (string)($_POST['csrf_token'] ?? ''));
}

function login_form(string $error = ''): string {
    $message = $error === '' ? '' : '<p class="error">' . htmlspecialchars($error) . '</p>';
    return "<h1>Sign in</h1>$message
<form method=\"post\" action=\"/login\">
  <input type=\"hidden\" name=\"csrf_token\" value=\"" . token() . "\">
  <label>User name <input type=\"text\" name=\"username\" autocomplete=\"username\"></label>
  <label>Password <input type=\"password\" name=\"password\"></label>
  <button type=\"submit\">Sign in</button>
</form>";
}

// The bootstrap of every page: the session, its idle timeout, its CSRF token.
session_start();
$now = microtime(true);
if (isset($_SESSION['last']) && $now - $_SESSION['last'] > IDLE_TIMEOUT) {
    $_SESSION = [];
    session_regenerate_id(true);  // the idle session is deleted; a new, empty one replaces it
}
$_SESSION['last'] = $now;
if (!isset($_SESSION['csrf'])) {
    $_SESSION['csrf'] = bin2hex(random_bytes(32));
}

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$post = $_SERVER['REQUEST_METHOD'] === 'POST';
switch ($path) {
    case '/':
        page('Home', '<h1>Welcome</h1><p><a href="/login">Sign in</a></p>');
        break;
    case '/login':
        if (!$post) {
            page('Sign in', login_form());
        } elseif (!token_ok()) {
            page('Sign in', login_form('Invalid form token.'), 403);
        } elseif (($_POST['username'] ?? '') !== USER || ($_POST['password'] ?? '') !== PASSWORD) {
            page('Sign in', login_form('Wrong user name or password.'), 401);
        } else {
            session_regenerate_id(true);
            $_SESSION['user'] = USER;
            $_SESSION['csrf'] = bin2hex(random_bytes(32));
            header('Location: /account', true, 302);
        }
        break;
    case '/account':
        if (!isset($_SESSION['user'])) {
            header('Location: /login', true, 302);
            break;
        }
        page('Account', '<h1>Hello ' . htmlspecialchars($_SESSION['user']) . '</h1>
<form method="post" action="/logout">
  <input type="hidden" name="csrf_token" value="' . token() . '">
  <button type="submit">Log out</button>
</form>');
        break;
    case '/logout':
        if (!$post) {
            page('Method not allowed', '<h1>Method not allowed</h1>', 405);
        } elseif (!token_ok()) {
            page('Forbidden', '<h1>Invalid form token</h1>', 403);
        } else {
            $_SESSION = [];
            session_destroy();
            $p = session_get_cookie_params();
            setcookie(session_name(), '', [
                'expires' => 1, 'path' => $p['path'], 'domain' => $p['domain'],
                'secure' => $p['secure'], 'httponly' => $p['httponly'],
                'samesite' => $p['samesite'],
            ]);
            header('Location: /', true, 303);
        }
        break;
    default:
        page('Not found', '<h1>Not found</h1>', 404);
}
