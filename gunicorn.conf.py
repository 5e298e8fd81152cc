"""gunicorn settings for SIGORO (read by `gunicorn sigoro.wsgi` from the project folder).

Every value can be changed from the environment, like the Django settings:
  GUNICORN_BIND        address to listen on (default 127.0.0.1:8001; one per app server)
  WEB_CONCURRENCY      worker processes (default 2 x CPU count + 1, at most 12)
  GUNICORN_THREADS     threads per worker (default 1)
  GUNICORN_TIMEOUT     seconds a request may take before its worker is restarted (default 60;
                       slow work, the PDFs, runs in the task worker, not in a request)
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are trusted (default loopback)
  GUNICORN_ACCESS_LOG  "-" (stdout, default), a file path, or "" to switch it off
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_workers(cpu_count: int) -> int:
    """Return gunicorn's usual 2 x CPU + 1 workers, capped so a big machine does not open
    more database connections than PostgreSQL's default max_connections can take."""
    return min(2 * max(1, cpu_count) + 1, 12)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")
workers = _int("WEB_CONCURRENCY", default_workers(multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (a slow leak never grows for long).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only the reverse proxy (nginx on the same machine by default) may say which address and
# scheme the visitor used; Django reads them only with BEHIND_PROXY=1 (sigoro/settings.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Combined log format plus the request time in milliseconds (%(M)s) and the worker's pid.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms pid=%(p)s'
proc_name = os.environ.get("GUNICORN_PROC_NAME", "sigoro")
wsgi_app = "sigoro.wsgi:application"
# gunicorn's control socket (gunicornc) is one path per user by default: two app servers on
# one machine would share it. Off unless GUNICORN_CONTROL_SOCKET names a path of its own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
