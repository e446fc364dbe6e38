// Accessors for every built-in codec, each defined in its format's own file; registry.cc lists
// them once.
#pragma once

#include "core/token/codec.h"

namespace knox::token {

// Python formats (itsdangerous_signer.cc, itsdangerous_serializer.cc, flask_session.cc,
// starlette_session.cc, django_signing.cc).
const Codec& ItsdangerousSignerCodec();
const Codec& ItsdangerousTimestampCodec();
const Codec& ItsdangerousUrlSafeCodec();
const Codec& ItsdangerousUrlSafeTimedCodec();
const Codec& ItsdangerousJsonCodec();
const Codec& FlaskCodec();
const Codec& StarletteCodec();
const Codec& DjangoCodec();
const Codec& DjangoSignerCodec();

// Node.js formats (express.cc, cookie_session.cc, jwt.cc, iron.cc) and Fernet (fernet.cc).
const Codec& ExpressCodec();
const Codec& CookieSessionCodec();
const Codec& FernetCodec();
const Codec& JwtCodec();
const Codec& IronCodec();

// Ruby formats (rack_session.cc, rails_signed.cc, rails_encrypted.cc).
const Codec& RackCodec();
const Codec& RailsSignedCodec();
const Codec& RailsEncryptedCodec();

// Laravel 8's Encrypter and encrypted cookies (laravel.cc).
const Codec& LaravelCodec();
// Go formats (gorilla.cc): gorilla/securecookie as gorilla/sessions uses it.
const Codec& GorillaCodec();

// knox's own sealed cookie (knox_sealed.cc, over core/seal).
const Codec& KnoxSealedCodec();

}  // namespace knox::token
