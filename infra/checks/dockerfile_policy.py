#!/usr/bin/env python3
"""The image's rules, over infra/container/Dockerfile (hadolint is not installable here: its npm
wrapper downloads a binary from GitHub; dockerfilelint predates ARG base images and --start-period):
  - multi-stage; the restore runs on project files only, before the sources are copied;
  - the last stage is the runtime image, runs as a non-root numeric user, has a HEALTHCHECK on
    /health/ready (healthcheck.sh) and an exec-form ENTRYPOINT, and exposes 8080 and 8583;
  - no secret is baked in (no ENV or ARG named like a key, password or connection string);
  - the RDS CA bundle is fetched in a stage of its own, checked against a pinned SHA-256, skippable
    with RDS_CA_BUNDLE_URL=none (with a note), and copied to /etc/pool/rds-ca/ in the runtime stage.
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
def stage(name):
    for index, start in enumerate(stages):
        if re.search(rf"\sAS\s+{name}$", lines[start], re.IGNORECASE):
            end = stages[index + 1] if index + 1 < len(stages) else len(lines)
            return lines[start:end]
    failures.append(f"no stage named {name}")
    return []


build = stage("build")
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

rds_ca = " ".join(stage("rds-ca"))
pin = re.search(r"^ARG RDS_CA_BUNDLE_SHA256=([0-9a-f]*)$", "\n".join(lines), re.MULTILINE)
if not pin or len(pin.group(1)) != 64:
    failures.append("RDS_CA_BUNDLE_SHA256 is pinned to one SHA-256 (64 hex digits)")
if "sha256sum --check" not in rds_ca or "--proto '=https'" not in rds_ca:
    failures.append("the rds-ca stage downloads over HTTPS only and checks the pinned SHA-256")
if '"$RDS_CA_BUNDLE_URL" = "none"' not in rds_ca or "note:" not in rds_ca:
    failures.append("the rds-ca stage can be skipped (RDS_CA_BUNDLE_URL=none) and says so")
if not any(re.match(r"COPY --from=rds-ca .* /etc/pool/rds-ca/$", line) for line in runtime):
    failures.append("the runtime stage copies the bundle to /etc/pool/rds-ca/ (the connection strings' Root Certificate)")

secrets_tf = Path(sys.argv[1] if len(sys.argv) > 1 else "infra/container/Dockerfile").resolve().parents[1] / "terraform/modules/platform/keys_and_secrets.tf"
if "SSL Mode=VerifyFull;Root Certificate=/etc/pool/rds-ca/global-bundle.pem" not in secrets_tf.read_text():
    failures.append(f"{secrets_tf.name}: the connection strings use SSL Mode=VerifyFull with the image's bundle, /etc/pool/rds-ca/global-bundle.pem")

for failure in failures:
    print("FAIL", failure)
print(f"dockerfile policy: {len(stages)} stage(s), {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
