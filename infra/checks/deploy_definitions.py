#!/usr/bin/env python3
"""Renders every ECS definition of infra/deploy for every environment with the jsonnet command (no
ecspresso, no AWS) and asserts the essentials: ports, health check, secrets by reference only, no
plaintext secret, the job and migrate commands, two serving tasks, ids read from Terraform state.
Usage: deploy_definitions.py <infra/deploy folder>    Exit 0 when every assertion holds."""
import json
import re
import subprocess
import sys
from pathlib import Path

deploy = Path(sys.argv[1] if len(sys.argv) > 1 else "infra/deploy")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def render(name, environment):
    out = subprocess.run(
        ["jsonnet", "--ext-str", f"POOL_ENV={environment}", "--ext-str", "IMAGE_TAG=0123456789abcdef", str(deploy / name)],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


SECRET_NAME = re.compile(r"(password|secret|token|apikey|api_key|key$|connectionstring)", re.I)
SECRET_VALUE = re.compile(r"(Password=|[A-Za-z0-9+/]{43}=|-----BEGIN|AKIA[0-9A-Z]{16})")
PASTED_ID = re.compile(r"(arn:aws:|\bsubnet-[0-9a-f]|\bsg-[0-9a-f]|\bvpc-[0-9a-f]|\d{12}\.dkr\.ecr)")

for environment in ["prd", "stg"]:
    where = f"[{environment}]"
    tasks = {name: render(f"{name}.jsonnet", environment) for name in ["task", "job-task", "migrate-task", "operator-task"]}
    service = render("service.jsonnet", environment)

    for name, task in tasks.items():
        here = f"{where} {name}"
        containers = {c["name"]: c for c in task["containerDefinitions"]}
        expected = {"pool", "log-router", "telemetry"} | ({"fetch"} if name == "operator-task" else set())
        check(set(containers) == expected, f"{here}: containers are {sorted(expected)} (got {sorted(containers)})")
        pool = containers.get("pool", {})
        check(pool.get("essential") is True, f"{here}: the pool container is essential")
        check(containers.get("telemetry", {}).get("essential") is False, f"{here}: telemetry must not be essential")
        check(pool.get("user") == "1654", f"{here}: runs as the non-root user 1654")
        check(pool.get("readonlyRootFilesystem") is True, f"{here}: read-only root file system")
        check(pool.get("image", "").startswith("<tfstate:output.platform.repository_url>:0123456789abcdef"), f"{here}: image is the repository from state, tagged with the commit")
        check(task.get("requiresCompatibilities") == ["FARGATE"] and task.get("networkMode") == "awsvpc", f"{here}: Fargate, awsvpc")
        check(pool.get("logConfiguration", {}).get("logDriver") == "awsfirelens", f"{here}: logs through the FireLens router")
        for container in containers.values():
            for variable in container.get("environment", []):
                check(not SECRET_NAME.search(variable["name"]), f"{here}: {container['name']} has {variable['name']} in plain environment; it belongs in secrets")
                check(not SECRET_VALUE.search(variable["value"]), f"{here}: {container['name']} {variable['name']} looks like a secret value")
            for secret in container.get("secrets", []):
                check(secret["valueFrom"].startswith("<tfstate:output.platform.secret_arns."), f"{here}: secret {secret['name']} is not a Secrets Manager reference from state")
        names = {s["name"] for s in pool.get("secrets", [])}
        check("ConnectionStrings__Pool" in names, f"{here}: the connection string comes from secrets")
        for value in strings(task):
            check(not PASTED_ID.search(value), f"{here}: pasted id or ARN '{value}' (read it from Terraform state)")

    serve = {c["name"]: c for c in tasks["task"]["containerDefinitions"]}["pool"]
    ports = sorted(p["containerPort"] for p in serve.get("portMappings", []))
    check(ports == [8080, 8583], f"{where} task: serves 8080 and 8583 (got {ports})")
    check(serve.get("command") == ["serve"], f"{where} task: command is serve")
    check(serve.get("healthCheck", {}).get("command", [])[1:] == ["/app/healthcheck.sh", "/health/ready"], f"{where} task: health check on /health/ready")
    check(serve.get("stopTimeout", 0) > 30, f"{where} task: stop timeout above the host's 30 s shutdown")
    check(any(s["name"] == "Cards__Vault__Keys__0__EncryptionKey" for s in serve.get("secrets", [])), f"{where} task: vault keys from secrets")
    check(any(s["name"] == "Admin__ApiKeys__0__Key" for s in serve.get("secrets", [])), f"{where} task: API keys from secrets")
    check(any(s["valueFrom"].endswith(":app::") for s in serve["secrets"] if s["name"] == "ConnectionStrings__Pool"), f"{where} task: the host's database role")

    job = {c["name"]: c for c in tasks["job-task"]["containerDefinitions"]}["pool"]
    check(job.get("command") == ["job", "list"], f"{where} job-task: default command is `job list` (state machines override with `job run <name>`)")
    check("portMappings" not in job and "healthCheck" not in job, f"{where} job-task: a job serves nothing")
    check(any(v == {"name": "Jobs__SchedulerEnabled", "value": "false"} for v in job["environment"]), f"{where} job-task: in-process scheduler off")
    # Engine jobs go to the active serving task: its internal address from state, the key by reference,
    # and the serving task accepts that key (the slot after the people's).
    for name in ["job-task", "operator-task"]:
        pool = {c["name"]: c for c in tasks[name]["containerDefinitions"]}["pool"]
        check({"name": "Jobs__Remote__BaseAddress", "value": "<tfstate:output.platform.jobs_api_url>"} in pool["environment"],
              f"{where} {name}: Jobs__Remote__BaseAddress is the internal jobs API address from state")
        check(any(s["name"] == "Jobs__Remote__ApiKey" and s["valueFrom"].startswith("<tfstate:output.platform.secret_arns.jobs-api-key>:key") for s in pool.get("secrets", [])),
              f"{where} {name}: Jobs__Remote__ApiKey by secret reference (jobs-api-key)")
    check(any(s["valueFrom"].startswith("<tfstate:output.platform.secret_arns.jobs-api-key>:key") and s["name"].startswith("Admin__ApiKeys__") for s in serve["secrets"]),
          f"{where} task: the serving task accepts the job tasks' key (jobs-api-key)")

    migrate = {c["name"]: c for c in tasks["migrate-task"]["containerDefinitions"]}["pool"]
    check(migrate.get("command") == ["migrate"], f"{where} migrate-task: command is migrate")
    check(any(s["valueFrom"].endswith(":migrator::") for s in migrate["secrets"]), f"{where} migrate-task: the migration role")

    operator = {c["name"]: c for c in tasks["operator-task"]["containerDefinitions"]}["pool"]
    check(operator.get("command", [""])[0] == "hold", f"{where} operator-task: holds by default")
    check(tasks["operator-task"]["taskRoleArn"] == "<tfstate:output.platform.role_arns.operator>", f"{where} operator-task: the operator role")
    check({"containerName": "fetch", "condition": "SUCCESS"} in operator.get("dependsOn", []), f"{where} operator-task: the verb starts after the file is fetched")

    check(service.get("desiredCount") == 2, f"{where} service: two tasks (active and standby)")
    check(len(service["networkConfiguration"]["awsvpcConfiguration"]["subnets"]) == 2, f"{where} service: two zones")
    check(service.get("enableExecuteCommand") is False, f"{where} service: no exec into serving tasks")
    check(service["deploymentConfiguration"]["minimumHealthyPercent"] >= 100, f"{where} service: never below two tasks during a deploy")
    check([lb["containerPort"] for lb in service.get("loadBalancers", [])] == [8080], f"{where} service: only the admin target group is attached")
    # Reads' target group only: the active-only ones (link, admin writes) fail the standby's health by
    # design, and ECS would replace it; the link-targets machine keeps them.
    check([lb["targetGroupArn"] for lb in service.get("loadBalancers", [])] == ["<tfstate:output.platform.admin_target_group_arn>"],
          f"{where} service: the attached target group is the admin reads' one (admin_target_group_arn), not an active-only one")

    for value in strings(service):
        check(not PASTED_ID.search(value), f"{where} service: pasted id or ARN '{value}'")

for failure in failures:
    print("FAIL", failure)
print(f"deploy definitions: {'ok' if not failures else str(len(failures)) + ' failure(s)'} (prd and stg, 5 definitions each)")
sys.exit(1 if failures else 0)
