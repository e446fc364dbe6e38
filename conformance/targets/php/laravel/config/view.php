<?php
// Blade renders Laravel's own error pages (419 Page Expired, ...); compiled into the temp dir.
return [
    'paths' => [base_path('views')],
    'compiled' => storage_path('framework/views'),
];
