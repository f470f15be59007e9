#!/usr/bin/env python3
"""The image's rules, over infra/container/Dockerfile (hadolint is not installable here: its npm
wrapper downloads a binary from GitHub; dockerfilelint predates ARG base images and --start-period):
  - multi-stage; the restore runs on project files only, before the sources are copied;
  - the last stage is the runtime image, runs as a non-root numeric user, has a HEALTHCHECK on
    /health/ready (healthcheck.sh) and an exec-form ENTRYPOINT, and exposes 8080 and 8583;
  - no secret is baked in (no ENV or ARG named like a key, password or connection string).
Usage: dockerfile_policy.py <Dockerfile>"""
import re
import sys
from pathlib import Path

text = Path(sys.argv[1] if len(sys.argv) > 1 else "infra/container/Dockerfile").read_text()
lines = [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines() if line.strip() and not line.strip().startswith("#")]
failures = []

stages = [i for i, line in enumerate(lines) if line.upper().startswith("FROM ")]
if len(stages) < 3:
    failures.append("expected a multi-stage build (projects, build, runtime)")
build = lines[stages[1]:stages[2]] if len(stages) >= 3 else []
restore = next((i for i, line in enumerate(build) if "dotnet restore" in line), None)
copy_all = next((i for i, line in enumerate(build) if re.match(r"COPY\s+\.\s+\.", line)), None)
if restore is None or copy_all is None or restore > copy_all:
    failures.append("the build stage restores before it copies the sources (restore is its own cached layer)")

runtime = lines[stages[-1]:] if stages else []
users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]
if not users or users[-1].split(":")[0] in ("0", "root") or not users[-1].split(":")[0].isdigit():
    failures.append("the runtime stage runs as a numeric non-root USER")
if not any(line.upper().startswith("HEALTHCHECK") and "healthcheck.sh" in line for line in runtime):
    failures.append("the runtime stage has a HEALTHCHECK with healthcheck.sh")
if not any(re.match(r'ENTRYPOINT\s+\[', line) for line in runtime):
    failures.append("the ENTRYPOINT is in exec form, so SIGTERM reaches the host")
exposed = {port for line in runtime if line.upper().startswith("EXPOSE ") for port in line.split()[1:]}
if not {"8080", "8583"} <= exposed:
    failures.append(f"the runtime stage exposes 8080 and 8583 (got {sorted(exposed)})")
for line in lines:
    if re.match(r"(ENV|ARG)\s", line) and re.search(r"(password|secret|apikey|api_key|token|connectionstrings)", line, re.I):
        failures.append(f"a secret-looking build value: {line}")

for failure in failures:
    print("FAIL", failure)
print(f"dockerfile policy: {len(stages)} stage(s), {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
