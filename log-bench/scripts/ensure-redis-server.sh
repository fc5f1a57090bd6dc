# Sourced by the side-by-side scripts: makes sure Debian's redis-server is on PATH, installing it when it is not.
# The harnesses start their own servers, each on a free loopback port with a throw-away directory.

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1; then
    return
  fi
  echo "redis-server is not on PATH; installing Debian's redis-server" >&2
  install_redis() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; }
  # a machine that never fetched the package lists needs them once
  install_redis || { as_root apt-get update -q && install_redis; }
  # The package may start a system service on the default port; the harnesses start their own servers, so
  # stop it (there may be no service manager to ask).
  as_root service redis-server stop >/dev/null 2>&1 || as_root systemctl stop redis-server >/dev/null 2>&1 || true
}
