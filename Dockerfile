# The bot in a container: a slim Python, an unprivileged user, the database in a volume, and a
# health check on the bot's own /healthz (deploy/container.toml switches its web server on).
# Build: docker build -t meetup-bot .   Run: see README.md, "Running in a container".
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN groupadd --system --gid 10001 meetup \
    && useradd --system --uid 10001 --gid meetup --home-dir /app --shell /usr/sbin/nologin meetup

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip install --no-cache-dir . \
    && mkdir -p /app/data \
    && chown meetup:meetup /app/data
COPY deploy/container.toml /app/config.toml

# The numeric ids of the meetup user made above, which any runtime can resolve.
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 8080
# 200 only while the gateway is connected and the database answers; urlopen raises on a 503.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "--config", "/app/config.toml"]
