// Accessors for every built-in codec; registry.cc lists them in DESIGN §7 order. Each is defined in
// the codec's own file.
#pragma once

#include "core/token/codec.h"

namespace knox::token {

// Declarations are added here as codecs land, e.g.:
// const Codec& ItsdangerousSignerCodec();

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

// Node.js formats (express.cc, cookie_session.cc, fernet.cc, jwt.cc, iron.cc).
const Codec& ExpressCodec();
const Codec& CookieSessionCodec();
const Codec& FernetCodec();
const Codec& JwtCodec();
const Codec& IronCodec();

}  // namespace knox::token
