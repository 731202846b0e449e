#!/usr/bin/env bash
# Builds the ready-to-run packages editors download: one zip per target,
# holding the program, a double-click preview script and a short guide in
# Chinese. Usage: scripts/package.sh [linux|linux-arm64|windows|all]...
# (default: linux windows). Zips go to dist/ (or $PB_DIST).
#
# Needs: the Rust targets (`rustup target add x86_64-pc-windows-gnu`, and
# `aarch64-unknown-linux-gnu` for linux-arm64), Debian's
# gcc-mingw-w64-x86-64 (the Windows linker), gcc-aarch64-linux-gnu for
# arm64, and python3 (writes the zips with UTF-8 names, which Windows
# Explorer shows correctly).
# PB_PROFILE picks the Cargo profile (default `dist`, what editors get;
# tests/windows.rs uses `wine-test`, the same package built faster).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
dist=${PB_DIST:-dist}
mkdir -p "$dist"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(linux windows)
[ "${targets[0]}" = all ] && targets=(linux linux-arm64 windows)

package() {
  local name=$1 triple=$2 exe=$3 preview=$4
  echo "== $name ($triple)" >&2
  local env=()
  case $triple in
    x86_64-pc-windows-gnu) env=(CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc) ;;
    aarch64-unknown-linux-gnu) env=(CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc) ;;
  esac
  local profile=${PB_PROFILE:-dist}
  env "${env[@]}" cargo build --locked --profile "$profile" --target "$triple" >&2
  local target_dir=${CARGO_TARGET_DIR:-target}
  local stage
  stage=$(mktemp -d)
  local top="pledgeboard-$version-$name"
  mkdir "$stage/$top"
  cp "$target_dir/$triple/$profile/$exe" "$stage/$top/$exe"
  cp "packaging/$preview" "$stage/$top/"
  cp packaging/使用说明.txt "$stage/$top/使用说明.txt"
  local zip="$dist/$top.zip"
  python3 packaging/zip.py "$stage" "$top" "$zip" "$exe" "$preview"
  rm -rf "$stage"
  echo "$zip"
}

for t in "${targets[@]}"; do
  case $t in
    linux) package linux-x86_64 x86_64-unknown-linux-gnu pledgeboard 预览.sh ;;
    linux-arm64) package linux-aarch64 aarch64-unknown-linux-gnu pledgeboard 预览.sh ;;
    windows) package windows-x86_64 x86_64-pc-windows-gnu pledgeboard.exe 预览.bat ;;
    *) echo "unknown target: $t (linux, linux-arm64, windows, all)" >&2; exit 2 ;;
  esac
done
