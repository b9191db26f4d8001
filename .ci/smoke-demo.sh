#!/usr/bin/env bash
# Starts `npm run demo` as a user would, waits until /api/health reports every target reachable,
# presses Ctrl-C (SIGINT to the process group) and checks that nothing it started is left running.
set -euo pipefail
port=${SMOKE_PORT:-3217}
work=$(mktemp -d)
data="$PWD/.switchyard/ci-smoke"
rm -rf "$data"
log="$work/demo.log"

setsid npm run demo -- --port "$port" --data-dir "$data" >"$log" 2>&1 &
pgid=$!
started=$(date +%s)

healthy=0
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$port/api/health" >"$work/health.json" 2>/dev/null; then healthy=1; break; fi
  if ! kill -0 "$pgid" 2>/dev/null; then break; fi
  sleep 1
done
echo "demo: healthy=$healthy after $(( $(date +%s) - started )) s"
[ "$healthy" = 1 ] && node -e '
  const body = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const down = body.targets.filter((t) => !t.reachable);
  console.log(`demo: ${body.targets.length} targets, ${down.length} unreachable`);
  if (body.targets.length < 5 || down.length) process.exit(1);
' "$work/health.json" || healthy=0

kill -INT -- "-$pgid" 2>/dev/null || true
for _ in $(seq 1 60); do pgrep -g "$pgid" >/dev/null || break; sleep 0.5; done

leftover=$( (pgrep -g "$pgid"; pgrep -f "$data/postgres") 2>/dev/null | sort -u || true)
if [ -n "$leftover" ]; then
  echo "demo: processes left behind after Ctrl-C:"; ps -o pid,args -p "$(echo "$leftover" | paste -sd,)" || true
  kill -KILL $leftover 2>/dev/null || true
  healthy=0
fi

if [ "$healthy" != 1 ]; then echo "demo smoke test FAILED; its log:"; tail -50 "$log"; exit 1; fi
echo "demo smoke test passed: served, all targets reachable, nothing left after Ctrl-C"
rm -rf "$work" "$data"
