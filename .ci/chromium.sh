#!/usr/bin/env bash
# Headless Chromium for the reference application's browser tests (W-1 … W-7).
#
#   .ci/chromium.sh start   installs `chromium` and `chromium-driver` from the system packages
#                           when `chromedriver` is missing, starts chromedriver on a free local
#                           port (9515 or the next free one) and prints its WebDriver URL on
#                           stdout (the last line).
#   .ci/chromium.sh stop    stops that chromedriver.
#
# The browser itself is started by each test session through WebDriver, headless
# (`--headless=new --no-sandbox`, which running as root needs). The driver's pid is remembered in
# $SEATWISE_CHROMEDRIVER_STATE (default /tmp/seatwise-chromedriver.state).
set -euo pipefail

STATE="${SEATWISE_CHROMEDRIVER_STATE:-/tmp/seatwise-chromedriver.state}"

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  if ! command -v chromedriver >/dev/null 2>&1; then
    echo "installing chromium and chromium-driver from the system packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq chromium chromium-driver >&2
  fi
  local port="${SEATWISE_CHROMEDRIVER_PORT:-9515}"
  while ! port_free "$port"; do port=$((port + 1)); done
  local log
  log="$(mktemp /tmp/seatwise-chromedriver.XXXXXX.log)"
  chromedriver --port="$port" >"$log" 2>&1 &
  echo "$! $log" >"$STATE"
  for _ in $(seq 1 50); do
    if ! port_free "$port"; then
      echo "chromedriver $(chromedriver --version | cut -d' ' -f2) on port $port" >&2
      echo "http://127.0.0.1:$port"
      return
    fi
    sleep 0.2
  done
  echo "chromedriver did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

stop() {
  [ -f "$STATE" ] || return 0
  local pid log
  read -r pid log <"$STATE"
  kill "$pid" 2>/dev/null || true
  rm -f "$STATE" "$log"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
