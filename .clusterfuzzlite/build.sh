#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of knox's fuzz targets: the libraries and the harnesses with the
# engine's $CC/$CXX/$CFLAGS/$CXXFLAGS (sanitizer and coverage flags included), linked with
# $LIB_FUZZING_ENGINE; each target goes to $OUT with its seed corpus (fuzz/corpus/<name>/, zipped
# as <name>_fuzzer_seed_corpus.zip) and its dictionary (fuzz/<name>.dict as <name>_fuzzer.dict).
# Warnings are not errors here: the engine's clang is newer than the one knox is checked with.

cmake -S "$SRC/knox" -B "$WORK/knox" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE= -DKNOX_FUZZ=ON -DKNOX_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DKNOX_SANITIZE= -DKNOX_WERROR=OFF -DKNOX_BENCH=OFF -DOPENSSL_USE_STATIC_LIBS=ON \
  -DCMAKE_BUILD_RPATH='$ORIGIN/lib'
cmake --build "$WORK/knox" --target knox_fuzzers -j"$(nproc)"

for binary in "$WORK"/knox/fuzz/*_fuzzer; do
  fuzzer=$(basename "$binary")
  name=${fuzzer%_fuzzer}
  cp "$binary" "$OUT/"
  # The runner image has none of the build image's -dev libraries (libpsl, hiredis and theirs):
  # they travel in $OUT/lib, found through the rpath above.
  mkdir -p "$OUT/lib"
  ldd "$binary" | awk '$3 ~ /^\/usr\/(local\/)?lib/ {print $3}' |
    grep -Ev '/(libc|libm|libdl|librt|libpthread|libstdc\+\+|libgcc_s)\.so' |
    while read -r lib; do cp -L "$lib" "$OUT/lib/"; done
  if [ -n "$(ls -A "$SRC/knox/fuzz/corpus/$name" 2>/dev/null)" ]; then
    (cd "$SRC/knox/fuzz/corpus/$name" && zip -q -r "$OUT/${fuzzer}_seed_corpus.zip" .)
  fi
  if [ -f "$SRC/knox/fuzz/$name.dict" ]; then
    cp "$SRC/knox/fuzz/$name.dict" "$OUT/$fuzzer.dict"
  fi
done
