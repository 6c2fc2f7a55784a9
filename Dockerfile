# syntax=docker/dockerfile:1
# Multi-stage build: a full Rust + Node toolchain builds the release binary and the site,
# then a slim, non-root runtime image runs them. Migrations run automatically on start.

FROM rust:1.99.1-bookworm AS build
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown \
 && cargo install cargo-leptos --locked --version 0.3.11
COPY Cargo.toml Cargo.lock rust-toolchain.toml package.json package-lock.json ./
# wasm-bindgen-cli must match the wasm-bindgen version pinned in Cargo.lock.
RUN WB=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p') \
 && cargo install wasm-bindgen-cli --version "$WB"
RUN npm ci --no-audit --no-fund
COPY . .
RUN PATH="/src/node_modules/.bin:$PATH" cargo leptos build --release --split

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app nextcrm \
 && mkdir -p /data && chown nextcrm /data
WORKDIR /app
COPY --from=build /src/target/release/nextcrm /app/nextcrm
COPY --from=build /src/target/site /app/site
ENV LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    NEXTCRM_DATA_DIR=/data \
    NEXTCRM_LOG_FORMAT=json
USER nextcrm
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["/app/nextcrm"]
CMD ["serve"]
