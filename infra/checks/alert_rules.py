#!/usr/bin/env python3
"""Prometheus rules against their runbooks and the Datadog monitors, without a host (the metric names
are checked against a running host by Pool.Tests/Infra/AlertRulesTests):
  - every alert has urgency high or low and a runbook_url to a page of docs/runbooks that exists;
  - the Prometheus alerts and the Datadog monitors (infra/monitors) are the same set of names;
  - every alert is in the runbooks index (docs/runbooks/README.md);
  - no runbook page is orphaned (each page belongs to an alert).
Usage: alert_rules.py <repository root>"""
import re
import sys
from pathlib import Path

import yaml

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
failures = []
rules = yaml.safe_load((root / "infra/prometheus/rules.yml").read_text())
alerts = {}
for group in rules["groups"]:
    for rule in group["rules"]:
        if "alert" in rule:
            alerts[rule["alert"]] = rule

pages = set()
for name, rule in alerts.items():
    urgency = rule.get("labels", {}).get("urgency")
    if urgency not in ("high", "low"):
        failures.append(f"{name}: urgency is {urgency!r}, not high or low")
    url = rule.get("annotations", {}).get("runbook_url", "")
    match = re.search(r"^(?:https://\S+/blob/main/)?(docs/runbooks/[a-z0-9-]+\.md)$", url)
    if not match:
        failures.append(f"{name}: runbook_url {url!r} is not a docs/runbooks page")
    elif not (root / match.group(1)).is_file():
        failures.append(f"{name}: runbook {match.group(1)} does not exist")
    else:
        pages.add(Path(match.group(1)).name)

monitors = {yaml.safe_load(path.read_text())["alert"] for path in (root / "infra/monitors").glob("*.yaml")}
if monitors != set(alerts):
    failures.append(f"Prometheus alerts and Datadog monitors differ: only in Prometheus {sorted(set(alerts) - monitors)}, only in Datadog {sorted(monitors - set(alerts))}")

index = (root / "docs/runbooks/README.md").read_text()
for name in alerts:
    if f"| {name} |" not in index:
        failures.append(f"{name}: missing from docs/runbooks/README.md")

for page in (root / "docs/runbooks").glob("*.md"):
    if page.name != "README.md" and page.name not in pages:
        failures.append(f"docs/runbooks/{page.name}: no alert links it")

for failure in failures:
    print("FAIL", failure)
print(f"alert rules: {len(alerts)} alert(s), {len(monitors)} monitor name(s), {len(pages)} runbook(s), {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
