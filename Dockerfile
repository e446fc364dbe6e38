# knox in a container (docs/ci.md): built on debian:12 with the build dependencies of ./setup,
# run on debian:12-slim with only the shared libraries the knox binary needs. The runtime package
# list is checked against `ldd knox` by the dockerfile_lint test (cmake/dockerfile_test.py).
#
#   docker build -t knox .
#   docker run --rm knox audit https://staging.example.com/ --format sarif

FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libssl-dev libboost1.81-dev nlohmann-json3-dev libcli11-dev libfmt-dev zlib1g-dev \
      libhiredis-dev libgtest-dev libgmock-dev libtomlplusplus-dev libpsl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The flags of the `package` preset: -O2 (Debian's level; g++ 12 at -O3 reports false
# -Wmaybe-uninitialized in std::string members) and no -march=native, so the image runs on any
# x86-64 host.
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DKNOX_BENCH=OFF \
 && cmake --build /build --target knox \
 && strip /build/knox

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates \
      libc6 libgcc-s1 libhiredis0.14 libpsl5 libssl3 libstdc++6 zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/knox /usr/bin/knox
# UID 1001 is the runner user of GitHub-hosted runners, so the workspace that a Docker action
# mounts (and where --output writes the report) is writable without running as root.
RUN useradd --uid 1001 --user-group --create-home --shell /usr/sbin/nologin knox
USER knox
WORKDIR /home/knox
ENTRYPOINT ["knox"]
CMD ["--help"]
