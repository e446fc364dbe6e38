<?php

namespace App\Providers;

use App\StaticUserProvider;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\ServiceProvider;

class AuthServiceProvider extends ServiceProvider
{
    public function boot()
    {
        Auth::provider('static', function () {
            return new StaticUserProvider();
        });
    }
}
