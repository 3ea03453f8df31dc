#!/usr/bin/env bash
# Builds every Tests/Programs/src/*.c for AArch64 Linux in four variants:
#   NAME.O0.static  NAME.O2.static  NAME.O0.static-pie  NAME.O2.static-pie
# usage: build.sh OUTDIR [VARIANT...]   (VARIANT like O2.static; default: all four)
# Uses aarch64-linux-gnu-gcc; builds in parallel (A64JIT_BUILD_JOBS, default: nproc).
# Only rebuilds outputs older than their source. Exits non-zero if any build fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTDIR [VARIANT...]}"
shift
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(O0.static O2.static O0.static-pie O2.static-pie)
cc="${CC_AARCH64:-aarch64-linux-gnu-gcc}"
command -v "$cc" >/dev/null 2>&1 || { echo "build.sh: $cc not found (Debian package gcc-aarch64-linux-gnu)" >&2; exit 127; }
mkdir -p "$out"
jobs="${A64JIT_BUILD_JOBS:-$(nproc)}"

list="$(mktemp)"
trap 'rm -f "$list"' EXIT
for src in "$here"/src/*.c; do
  name="$(basename "$src" .c)"
  for v in "${variants[@]}"; do
    bin="$out/$name.$v"
    if [ ! -e "$bin" ] || [ "$src" -nt "$bin" ]; then printf '%s\t%s\t%s\n' "$src" "$v" "$bin" >> "$list"; fi
  done
done

build_one() {
  local src="$1" v="$2" bin="$3" opt link
  opt="-${v%%.*}"
  case "${v#*.}" in
    static) link="-static" ;;
    static-pie) link="-static-pie" ;;
    *) echo "build.sh: unknown variant $v" >&2; return 1 ;;
  esac
  "$cc" "$opt" $link -std=gnu11 -Wall -Wno-unused-result -Wno-format-truncation -fno-strict-aliasing -o "$bin.$$.tmp" "$src" -lm \
    && mv -f "$bin.$$.tmp" "$bin"
}
export -f build_one
export cc

[ -s "$list" ] || exit 0
tr '\t' '\n' < "$list" | xargs -d '\n' -n 3 -P "$jobs" bash -c 'build_one "$@"' _
