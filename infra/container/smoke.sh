#!/usr/bin/env bash
# Smoke test of a started Pool: /health/live answers 200, and the link answers an 0800 echo with the
# byte-exact 0810 of Pool.Tests/SpecExamples/link-messages.md. Used on the built image in CI and on
# the publish folder run through entrypoint.sh here (smoke-host.sh).
# Usage: smoke.sh <admin base url> <link host> <link port> [deadline seconds, default 90]
set -euo pipefail
api="${1:?admin base url, e.g. http://127.0.0.1:8080}"
link_host="${2:?link host}"
link_port="${3:?link port}"
deadline_seconds="${4:-90}"

# link-messages.md "0800 echo test" and "0810 answer to it" (frames with their 2-byte length header).
echo_request_hex="0027303830308220000000000000040000000000000031313234313230363030303030393030333031"
echo_answer_hex="00293038313082200000020000000400000000000000313132343132303630303030303930303030333031"

deadline=$((SECONDS + deadline_seconds))
until curl -fsS -o /dev/null "$api/health/live" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "smoke: FAIL /health/live did not answer 200 within ${deadline_seconds}s" >&2
    exit 1
  fi
  sleep 1
done
echo "smoke: ok   /health/live 200"
ready=$(curl -sS -o /dev/null -w '%{http_code}' "$api/health/ready" || true)
echo "smoke: info /health/ready $ready"

until (exec 3<>"/dev/tcp/$link_host/$link_port") 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "smoke: FAIL nothing listens on the link at $link_host:$link_port" >&2
    exit 1
  fi
  sleep 1
done

exec 3<>"/dev/tcp/$link_host/$link_port"
printf '%s' "$echo_request_hex" | xxd -r -p >&3
answer_hex=$(timeout 5 head -c $(( ${#echo_answer_hex} / 2 )) <&3 | xxd -p | tr -d '\n' | tr 'a-f' 'A-F' || true)
exec 3<&-
if [ "$answer_hex" != "$echo_answer_hex" ]; then
  echo "smoke: FAIL the link answered '${answer_hex:-nothing}' to the 0800, expected $echo_answer_hex" >&2
  exit 1
fi
echo "smoke: ok   link 0800 -> 0810 DE39 00"
