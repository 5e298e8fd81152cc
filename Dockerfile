# SIGORO app image: the same image runs the web server (default command) and the worker
# (compose.yaml). Not built or run on the development machine (no Docker there): see
# README, "Production".
FROM python:3.13-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
       postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/srv/sigoro/.venv PATH=/srv/sigoro/.venv/bin:$PATH
WORKDIR /srv/sigoro
RUN python -m venv .venv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py compile_translations \
    && DEBUG=0 SECRET_KEY=build-only STATIC_MANIFEST=1 python manage.py collectstatic --no-input -v 0 \
    && useradd --system --home /srv/sigoro sigoro
USER sigoro
ENV DEBUG=0 GUNICORN_BIND=0.0.0.0:8000 FORWARDED_ALLOW_IPS=*
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
