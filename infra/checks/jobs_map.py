#!/usr/bin/env python3
"""The Terraform jobs map (infra/terraform/jobs.yaml) names exactly the jobs admin-api.md §3 fixes.

The spec lives outside the repository (../shared/spec/admin-api.md, or $POOL_SPEC_DIR); CI has only the
copy of its jobs paragraph in infra/checks/spec/admin-api-jobs.md. When the spec is reachable, the copy
must still be its paragraph, word for word, so the copy cannot drift.
  python3 jobs_map.py <repository root>
"""
import os
import re
import sys
from pathlib import Path

import yaml

PARAGRAPH = re.compile(r"^Jobs Pool runs, by their stable names:.*?(?:\n\n|\Z)", re.MULTILINE | re.DOTALL)


def paragraph(text, where):
    match = PARAGRAPH.search(text)
    if not match:
        raise SystemExit(f"FAIL {where}: no 'Jobs Pool runs, by their stable names:' paragraph")
    return match.group(0).strip()


def main():
    root = Path(sys.argv[1]).resolve()
    failures = []
    copy_path = root / "infra/checks/spec/admin-api-jobs.md"
    copy = paragraph(copy_path.read_text(), copy_path)
    spec_dir = Path(os.environ.get("POOL_SPEC_DIR", root.parent / "shared" / "spec"))
    spec_path = spec_dir / "admin-api.md"
    if spec_path.is_file():
        if paragraph(spec_path.read_text(), spec_path) != copy:
            failures.append(f"{copy_path.relative_to(root)} is not the jobs paragraph of {spec_path}: copy it again")
        source = f"{spec_path} (and its copy)"
    else:
        source = f"{copy_path.relative_to(root)} (the spec itself is not reachable here)"

    spec_jobs = re.findall(r"`([a-z][a-z0-9-]*)`", copy)
    mapped = yaml.safe_load((root / "infra/terraform/jobs.yaml").read_text())
    missing = [name for name in spec_jobs if name not in mapped]
    extra = [name for name in mapped if name not in spec_jobs]
    if missing:
        failures.append(f"jobs.yaml lacks {', '.join(missing)} (admin-api.md §3 fixes them)")
    if extra:
        failures.append(f"jobs.yaml schedules {', '.join(extra)}, which admin-api.md §3 does not name")
    if len(spec_jobs) != len(set(spec_jobs)) or not spec_jobs:
        failures.append(f"the spec's job list is empty or repeats a name: {spec_jobs}")
    for name, job in mapped.items():
        fields = str(job.get("schedule", "")).split()
        if len(fields) != 5:
            failures.append(f"jobs.yaml {name}: schedule {job.get('schedule')!r} is not five cron fields")

    for failure in failures:
        print(f"FAIL {failure}")
    print(f"jobs map: {len(mapped)} job(s) in jobs.yaml, {len(spec_jobs)} in {source}, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
