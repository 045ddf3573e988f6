# syntax=docker/dockerfile:1
# Production image: gunicorn + WhiteNoise for the web, the same image for the Celery worker,
# beat and the one-shot migrate job (see docker-compose.yml and scripts/docker-entrypoint.sh).

# --- Stage 1: front-end libraries and region data from npm -------------------------------
# idn-area-data 4.x declares node >= 22 (npm only warns on Node 20).
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/vendor.sh scripts/vendor.sh
RUN sh scripts/vendor.sh node_modules static/vendor

# --- Stage 2: the Python application -----------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=training_portal.settings.production

# gettext: msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal

WORKDIR /app

# Dependencies first (production list only, without the dev and embedded extras), so that
# code changes do not reinstall them.
COPY pyproject.toml ./
COPY scripts/pydeps.py scripts/pydeps.py
RUN python scripts/pydeps.py > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
COPY --from=assets /build/static/vendor static/vendor
# load_regions reads idn-area-data's CSV files (NODE_MODULES_DIR defaults to /app/node_modules).
COPY --from=assets /build/node_modules/idn-area-data node_modules/idn-area-data

# Translations and static files are part of the image; the web container checks them again
# on start. The secret key here is a throwaway: nothing is signed at build time.
RUN mkdir -p locale \
    && DJANGO_SECRET_KEY=build-time-only-not-used-at-run-time DJANGO_ALLOWED_HOSTS=localhost \
       sh -c 'python manage.py compilemessages --ignore=node_modules -v 0 \
              && python manage.py collectstatic --noinput -v 0' \
    && mkdir -p var/media var/beat \
    && chown -R portal:portal var staticfiles locale \
    && chmod +x scripts/docker-entrypoint.sh

USER portal
EXPOSE 8000
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["web"]
