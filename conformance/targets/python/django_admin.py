#!/usr/bin/python3
"""django-admin: the Django 3.2 admin site as deployed with Django's defaults — the zero-config
login target (no knox profile): the login form at /admin/login/ with Django's real CSRF protection
(`csrfmiddlewaretoken` + the `csrftoken` cookie), a 302 to /admin/ after the login, /admin/ itself
a 302 to the login page without a session, and the "Log out" link of the admin header (GET
/admin/logout/ in Django 3.2).

Database sessions (sqlite in a fresh temp dir, migrated at start-up), random SECRET_KEY, cookie
`sessionid` with Django's defaults: HttpOnly, SameSite=Lax, **no Secure** (SESSION_COOKIE_SECURE is
False by default — the one flaw), 14-day age; login() rotates the key, logout() flushes the row and
expires the cookie. One staff user alice/wonderland (MD5PasswordHasher to keep start-up fast — a
test target only). Served by the standard library's wsgiref server; https with --tls-cert."""
import atexit
import os
import secrets
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402


def configure(host):
    db_dir = tempfile.mkdtemp(prefix="knox-django-admin-")
    atexit.register(shutil.rmtree, db_dir, True)
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=[host, "localhost", "127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth",
                        "django.contrib.contenttypes", "django.contrib.sessions",
                        "django.contrib.messages"],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]},
        }],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                               "NAME": os.path.join(db_dir, "db.sqlite3")}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        SESSION_ENGINE="django.contrib.sessions.backends.db",
        STATIC_URL="/static/",
        USE_TZ=True,
        LOGGING_CONFIG=None,
    )
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth.models import User
    User.objects.create_superuser(common.USER, "alice@example.test", common.PASSWORD)


urlpatterns = []


def main():
    args = common.parse_args(__doc__)
    configure(args.host)
    from django.contrib import admin
    from django.http import HttpResponse
    from django.urls import path

    def index(request):
        return HttpResponse('<!doctype html><p><a href="/admin/">Administration</a></p>')

    urlpatterns.extend([path("", index), path("admin/", admin.site.urls)])
    from django.core.wsgi import get_wsgi_application
    common.serve_wsgiref(get_wsgi_application(), args)


if __name__ == "__main__":
    main()
