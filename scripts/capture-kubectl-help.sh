#!/usr/bin/env bash
# Captures `kubectl <cmd> --help` for every command and subcommand into fixtures/kubectl-help/,
# the oracle from which kctl builds its flag parser and help screens. Run with kubectl v1.32 on PATH.
set -eu
out=${1:-fixtures/kubectl-help}
mkdir -p "$out"
ver=$(kubectl version --client 2>/dev/null | head -1)
echo "$ver" > "$out/VERSION"
kubectl --help > "$out/kubectl.txt"
kubectl options > "$out/options.txt"
walk() {
  local path="$*" file
  file="$out/$(echo "$path" | tr ' ' '_').txt"
  kubectl $path --help > "$file" 2>/dev/null || return 0
  # subcommands listed under "Available Commands:"
  awk '/^Available Commands:/{f=1;next} f&&/^$/{f=0} f{print $1}' "$file" | while read -r sub; do
    [[ -n $sub ]] && walk $path "$sub"
  done
}
for c in $(awk '/^  [a-z-]+ /{print $1}' "$out/kubectl.txt"); do walk "$c"; done
# an empty capture means kubectl failed: say so rather than ship it
empty=$(find "$out" -name '*.txt' -size 0)
if [ -n "$empty" ]; then echo "empty captures: $empty" >&2; exit 1; fi
