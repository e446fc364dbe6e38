<?php
// config/auth.php of the Laravel 8 skeleton with the `users` provider replaced by one static user
// (app/StaticUserProvider.php: no database in this target).
return [
    'defaults' => ['guard' => 'web', 'passwords' => 'users'],
    'guards' => [
        'web' => ['driver' => 'session', 'provider' => 'users'],
    ],
    'providers' => [
        'users' => ['driver' => 'static'],
    ],
    'password_timeout' => 10800,
];
