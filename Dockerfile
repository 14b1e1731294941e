# An image whose entry point is `newsitem`:
#   docker build -t newsitem .
#   docker run --rm -v "$PWD:/data" -w /data newsitem validate news/
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 newsitem
USER newsitem
WORKDIR /data
ENTRYPOINT ["newsitem"]
CMD ["--help"]
