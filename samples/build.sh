#!/usr/bin/env bash
# Rebuilds the bundled sample programs with the AArch64 cross toolchain.
set -euo pipefail
cd "$(dirname "$0")"
aarch64-linux-gnu-gcc -nostdlib -static -Wl,--build-id=none -o hello.elf hello.S
aarch64-linux-gnu-objcopy -O binary --only-section=.text hello.elf hello.bin
