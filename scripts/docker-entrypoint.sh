#!/bin/sh
# Entry point of the production image (Dockerfile). The first argument picks the role:
#   migrate      one-shot: apply migrations, then load/refresh the region reference data
#   web          compile translations, collect static files, then serve with gunicorn
#   worker       Celery worker
#   beat         Celery beat
#   healthcheck  exit 0 when the web server answers the login page
# Anything else is run as a command (e.g. `docker compose run --rm web python manage.py shell`).
set -eu
cd /app

case "${1:-web}" in
    migrate)
        python manage.py migrate --noinput
        python manage.py load_regions
        ;;
    web)
        mkdir -p locale
        python manage.py compilemessages --ignore=node_modules -v 0
        python manage.py collectstatic --noinput -v 0
        exec gunicorn training_portal.wsgi:application \
            --bind "0.0.0.0:${PORT:-8000}" \
            --workers "${WEB_CONCURRENCY:-3}" \
            --timeout "${GUNICORN_TIMEOUT:-120}" \
            --access-logfile - \
            --forwarded-allow-ips '*'
        ;;
    worker)
        exec celery -A training_portal worker -l "${CELERY_LOG_LEVEL:-info}"
        ;;
    beat)
        exec celery -A training_portal beat -l "${CELERY_LOG_LEVEL:-info}" \
            --schedule /app/var/beat/celerybeat-schedule
        ;;
    healthcheck)
        # A proxied HTTPS request for "localhost" (which DJANGO_ALLOWED_HOSTS must list), so
        # that SECURE_SSL_REDIRECT does not answer with a redirect.
        exec python -c '
import os, sys, urllib.request
request = urllib.request.Request(
    "http://127.0.0.1:%s/accounts/login/" % os.environ.get("PORT", "8000"),
    headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
)
sys.exit(0 if urllib.request.urlopen(request, timeout=5).status == 200 else 1)
'
        ;;
    *)
        exec "$@"
        ;;
esac
