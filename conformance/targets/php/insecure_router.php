<?php
// php-native-insecure: PHP 8.2 native sessions (files), served by `php -S` with this router
// (conformance/targets/README.md). A login form with a CSRF token, a protected account page that
// redirects to the login page, and a GET logout link. Intended flaws: PHP's defaults for the
// cookie (no Secure, no HttpOnly, no SameSite), no session_regenerate_id() at login with
// session.use_strict_mode=0 (an id the attacker chose is adopted: fixation), and a logout that
// only deletes the cookie while the session file keeps the user logged in.
declare(strict_types=1);

// PHP's own defaults, stated: the flaws are what PHP does unless told otherwise.
ini_set('session.use_strict_mode', '0');
ini_set('session.cookie_httponly', '0');
ini_set('session.cookie_secure', '0');
ini_set('session.cookie_samesite', '');
ini_set('session.use_only_cookies', '1');
$dir = sys_get_temp_dir() . '/knox-php-sessions-' . getmypid();
if (!is_dir($dir)) {
    mkdir($dir, 0700);
}
session_save_path($dir);

const USER = 'alice';
const PASSWORD = 'wonderland';

function page(string $title, string $body, int $status = 200): void {
    http_response_code($status);
    header('Content-Type: text/html; charset=utf-8');
    echo "<!doctype html><html><head><title>$title</title></head><body>$body</body></html>";
}

function login_form(string $error = ''): string {
    $token = htmlspecialchars($_SESSION['csrf'], ENT_QUOTES);
    $message = $error === '' ? '' : "<p class=error>$error</p>";
    return "<h1>Sign in</h1>$message
<form method=\"post\" action=\"/login.php\">
  <input type=\"hidden\" name=\"csrf_token\" value=\"$token\">
  <label>Login <input type=\"text\" name=\"login\"></label>
  <label>Password <input type=\"password\" name=\"pass\"></label>
  <button type=\"submit\">Sign in</button>
</form>";
}

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
switch ($path) {
    case '/':
        page('Home', '<h1>Welcome</h1><p><a href="/login.php">Sign in</a></p>');
        break;
    case '/login.php':
        session_start();
        if (!isset($_SESSION['csrf'])) {
            $_SESSION['csrf'] = bin2hex(random_bytes(16));
        }
        if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
            page('Sign in', login_form());
            break;
        }
        if (!hash_equals($_SESSION['csrf'], (string)($_POST['csrf_token'] ?? ''))) {
            page('Sign in', login_form('Invalid form token.'), 403);
            break;
        }
        if (($_POST['login'] ?? '') !== USER || ($_POST['pass'] ?? '') !== PASSWORD) {
            page('Sign in', login_form('Wrong login or password.'), 401);
            break;
        }
        $_SESSION['user'] = USER;  // no session_regenerate_id(): the flaw
        header('Location: /account.php', true, 302);
        break;
    case '/account.php':
        session_start();
        if (!isset($_SESSION['user'])) {
            header('Location: /login.php', true, 302);
            break;
        }
        page('Account', "<h1>Hello {$_SESSION['user']}</h1>
<p><a href=\"/logout.php\">Log out</a></p>");
        break;
    case '/logout.php':
        // Only the cookie goes: the session file still says the user is logged in.
        $params = session_get_cookie_params();
        setcookie(session_name(), '', ['expires' => 1, 'path' => $params['path']]);
        header('Location: /', true, 302);
        break;
    default:
        page('Not found', '<h1>Not found</h1>', 404);
}
