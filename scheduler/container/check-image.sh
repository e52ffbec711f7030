#!/usr/bin/env bash
# Runs carbonq's image as a user and a cluster would, and fails on the first thing that is wrong:
# `carbonq demo` on a read-only root filesystem, the process's user (not root), a write to the root
# filesystem refused, and `carbonq serve` with its data on a volume, reached from outside on
# /healthz and through the API with the admin token it made.
#
#   scheduler/container/check-image.sh [IMAGE]      # default carbonq:latest
#
# Podman runs the containers; on machines where its default runtime (crun) cannot, runc is used
# when installed (CARBONQ_PODMAN_RUNTIME overrides), and the default ulimits are left to the host.
set -euo pipefail
image="${1:-carbonq:latest}"
port="${CARBONQ_IMAGE_CHECK_PORT:-18097}"
work="$(mktemp -d)"
name="carbonq-check-$$"
volume="carbonq-check-$$"
if [[ -z "${CONTAINERS_CONF:-}" ]]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
  export CONTAINERS_CONF="$work/containers.conf"
fi
runtime=()
if [[ -n "${CARBONQ_PODMAN_RUNTIME:-}" ]]; then
  runtime=(--runtime "$CARBONQ_PODMAN_RUNTIME")
elif command -v runc >/dev/null; then
  runtime=(--runtime runc)
fi
podman_run() { podman "${runtime[@]}" run "$@"; }
cleanup() {
  podman "${runtime[@]}" rm -f "$name" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "check-image: $*" >&2
  exit 1
}

user="$(podman image inspect --format '{{.Config.User}}' "$image")"
[[ "$user" == "10001:10001" ]] || fail "the image runs as '$user', not 10001:10001"

podman_run --rm --read-only --tmpfs /tmp "$image" demo -o json >"$work/demo.json"
grep -q '"deadlineMisses" : 0' "$work/demo.json" || fail "demo did not plan every deadline"
echo "image: carbonq demo ran on a read-only root filesystem"

uid="$(podman_run --rm --read-only --entrypoint /bin/sh "$image" -c \
  'while read -r key real rest; do [ "$key" = Uid: ] && echo "$real"; done </proc/self/status; exit 0')"
[[ "$uid" == 10001 ]] || fail "the process runs as uid '$uid'"
# As root, so that only the read-only root filesystem can refuse the write.
if podman_run --rm --read-only --user 0 --entrypoint /bin/sh "$image" -c ': >/opt/carbonq/x' \
  2>/dev/null; then
  fail "the root filesystem took a write"
fi
echo "image: runs as uid 10001; the root filesystem refuses writes"

podman volume create "$volume" >/dev/null
podman_run -d --name "$name" --read-only --tmpfs /tmp -v "$volume:/var/lib/carbonq" \
  -p "127.0.0.1:$port:8080" "$image" >/dev/null
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 1
done
health="$(curl -sf "http://127.0.0.1:$port/healthz" || true)"
grep -q '"ok"' <<<"$health" || { podman logs "$name" >&2 || true; fail "serve never answered /healthz"; }
token="$(podman exec "$name" /bin/sh -c 'read -r t </var/lib/carbonq/admin-token; echo "$t"')"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name": "image-check", "image": "train:1", "gpus": 8, "gpuModel": "A100",
       "duration": "4h", "deadline": "36h"}' "http://127.0.0.1:$port/v1/jobs" >/dev/null ||
  fail "serve refused a job"
jobs="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/jobs")"
grep -q '"id":"image-check"' <<<"$jobs" || fail "the job is not in the queue"
echo "image: carbonq serve answered /healthz and queued a job through the API"
