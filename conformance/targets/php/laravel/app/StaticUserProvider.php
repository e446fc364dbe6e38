<?php

namespace App;

use Illuminate\Auth\GenericUser;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Auth\UserProvider;

// One user, alice / wonderland, instead of Eloquent's users table (no database in this target).
// Her log-in name goes into the `email` field of Laravel's login form.
class StaticUserProvider implements UserProvider
{
    private const USER = ['id' => 1, 'email' => 'alice', 'name' => 'alice', 'password' => 'wonderland',
                          'remember_token' => null];

    private function user(): GenericUser
    {
        return new GenericUser(self::USER);
    }

    public function retrieveById($identifier)
    {
        return (string) $identifier === (string) self::USER['id'] ? $this->user() : null;
    }

    public function retrieveByToken($identifier, $token)
    {
        return null;
    }

    public function updateRememberToken(Authenticatable $user, $token)
    {
    }

    public function retrieveByCredentials(array $credentials)
    {
        return ($credentials['email'] ?? null) === self::USER['email'] ? $this->user() : null;
    }

    public function validateCredentials(Authenticatable $user, array $credentials)
    {
        return hash_equals(self::USER['password'], (string) ($credentials['password'] ?? ''));
    }
}
