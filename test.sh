#!/usr/bin/env bash
# A64Jit's test command: installs what the tests need (Debian packages, when missing),
# builds, runs the NUnit suite and ends with "N passed, N failed, N skipped".
# Long runs: raise the counts with the A64JIT_* variables documented in README.md.
set -uo pipefail
cd "$(dirname "$0")"

packages=()
command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 || packages+=(binutils-aarch64-linux-gnu)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || packages+=(gcc-aarch64-linux-gnu)
ldconfig -p 2>/dev/null | grep -q 'libunicorn\.so\.2' || packages+=(libunicorn2)
command -v qemu-aarch64 >/dev/null 2>&1 || packages+=(qemu-user)
command -v csmith >/dev/null 2>&1 || packages+=(csmith)
[ -f /usr/include/csmith/csmith.h ] || packages+=(libcsmith-dev)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || exit 1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null || exit 1
fi

# busybox-static:arm64 for Tests/Linux/BusyboxTests: extracted into a cache directory (not
# installed, so it cannot conflict with the host's own busybox).
busybox_dir="${A64JIT_BUSYBOX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/a64jit/busybox-static-arm64}"
if [ ! -x "$busybox_dir/bin/busybox" ]; then
  echo "test.sh: fetching busybox-static:arm64 into $busybox_dir"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64 || exit 1
  $sudo apt-get update -qq || exit 1
  bbtmp="$(mktemp -d)"; chmod 755 "$bbtmp"
  (cd "$bbtmp" && apt-get download -qq busybox-static:arm64 2>/dev/null) && mkdir -p "$busybox_dir" \
    && dpkg -x "$bbtmp"/busybox-static_*_arm64.deb "$busybox_dir" || { rm -rf "$bbtmp"; exit 1; }
  rm -rf "$bbtmp"
fi

config="${A64JIT_CONFIG:-Release}"
dotnet build A64Jit.sln -c "$config" -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

results="$(pwd)/TestResults"
rm -rf "$results"
dotnet test Tests/A64Jit.Tests.csproj -c "$config" --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "test.sh: no test results were written"
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
failed=$(( ${failed:-0} + $(get error || echo 0) + $(get timeout || echo 0) ))
skipped=$(( ${total:-0} - ${executed:-0} ))
echo "${passed:-0} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
exit 0
