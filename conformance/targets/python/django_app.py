#!/usr/bin/python3
"""Django 3.2 targets, one module, two configurations (--variant):

db-secure       database sessions (sqlite in a fresh temp dir, migrated at start-up), random
                SECRET_KEY, SESSION_COOKIE_SECURE=True, HttpOnly and SameSite=Lax (Django's
                defaults), django.contrib.auth login() (rotates the key: cycle_key) and logout()
                (flushes: the row is deleted, the cookie expired).
signed-insecure signed_cookies sessions with SECRET_KEY "secret" (in knox's bundled list),
                SESSION_COOKIE_HTTPONLY=False, JSONSerializer, user and role readable in the
                cookie; logout() expires the cookie but a replayed one stays valid.

Both: cookie `sessionid`, SESSION_COOKIE_AGE = Django's default 14 days; GET / stores a visit
counter, so the anonymous visit already has a session (rotated by login()); the real auth framework
with one user alice/wonderland in the sqlite database (MD5PasswordHasher, to keep start-up and the
many logins of an audit fast — a test target only). The three POST views are csrf_exempt (the
auditor logs in without first fetching a CSRF token); CsrfViewMiddleware stays installed, so
login() still rotates the `csrftoken` cookie as in a real app. Served by the standard library's
wsgiref server (one thread per connection), https by wrapping the listening socket with ssl."""
import argparse
import os
import secrets
import shutil
import sys
import tempfile
import atexit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402


def configure(variant, host):
    db_dir = tempfile.mkdtemp(prefix="knox-django-target-")
    atexit.register(shutil.rmtree, db_dir, True)
    base = dict(
        DEBUG=False,
        ALLOWED_HOSTS=[host, "localhost", "127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth",
                        "django.contrib.sessions"],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                               "NAME": os.path.join(db_dir, "db.sqlite3")}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        LOGGING_CONFIG=None,
    )
    if variant == "db-secure":
        base.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            SESSION_ENGINE="django.contrib.sessions.backends.db",
            SESSION_COOKIE_SECURE=True,
        )
    else:
        base.update(
            SECRET_KEY="secret",
            SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
            SESSION_SERIALIZER="django.contrib.sessions.serializers.JSONSerializer",
            SESSION_COOKIE_HTTPONLY=False,
        )
    settings.configure(**base)
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User
    User.objects.create_user(common.USER, password=common.PASSWORD)


# --- views (module level: ROOT_URLCONF is this module) -------------------------------------------
def _views():
    from django.contrib.auth import authenticate, login, logout
    from django.http import HttpResponse, JsonResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_GET, require_POST

    @require_GET
    def index(request):
        # An anonymous session, as a shop's cart would keep: the anonymous visit gets a session
        # cookie, so login() has a live pre-login session to rotate (cycle_key).
        request.session["visits"] = request.session.get("visits", 0) + 1
        return HttpResponse("django: POST /login, GET /me, POST /logout\n",
                            content_type="text/plain")

    @csrf_exempt
    @require_POST
    def login_view(request):
        if request.content_type == "application/json":
            username, password = common.credentials(request.content_type, request.body)
        else:
            username, password = request.POST.get("username"), request.POST.get("password")
        user = authenticate(request, username=username, password=password)
        if user is None:
            return JsonResponse({"error": "bad credentials"}, status=401)
        login(request, user)  # cycle_key(): a new session key (db), a new value (signed)
        request.session["user"] = user.get_username()
        request.session["role"] = "admin"
        return JsonResponse({"ok": True, "user": user.get_username()})

    @require_GET
    def me(request):
        if not request.user.is_authenticated:
            return JsonResponse({"error": "not logged in"}, status=401)
        return JsonResponse({"user": request.user.get_username(),
                             "role": request.session.get("role")})

    @csrf_exempt
    @require_POST
    def logout_view(request):
        logout(request)  # session.flush(): row deleted (db); the cookie is expired either way
        return JsonResponse({"ok": True})

    return [path("", index), path("login", login_view), path("me", me),
            path("logout", logout_view)]


urlpatterns = []


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--variant", choices=["db-secure", "signed-insecure"], required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    configure(args.variant, args.host)
    urlpatterns.extend(_views())
    from django.core.wsgi import get_wsgi_application
    common.serve_wsgiref(get_wsgi_application(), args)


if __name__ == "__main__":
    main()
