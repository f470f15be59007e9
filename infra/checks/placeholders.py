#!/usr/bin/env python3
"""No placeholder in the infrastructure: values an operator must give live in envs/<env>/terraform.tfvars
(empty until given, refused by validation while empty), ARNs and ids come from data sources or the
Terraform state, never pasted. Fails on any line of a tracked file under infra/, .github/ or docs/ that
holds one of the patterns below. Test inputs that need an ARN-shaped string (terraform test of the jobs
module, its render example) are listed in FIXTURES and use the one fixture account 111111111111.
  python3 placeholders.py <repository root>     check the repository
  python3 placeholders.py --self-test           every pattern catches its example, clean lines pass
"""
import re
import subprocess
import sys
from pathlib import Path

PATTERNS = [
    ("repeated-digit AWS account id", re.compile(r"(?<![0-9])([0-9])\1{11}(?![0-9])")),
    ("ARN with a literal account id (read it from state or a data source)", re.compile(r"arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:")),
    ("all-zero id", re.compile(r"00000000-0000-0000")),
    ("documentation address range (RFC 5737)", re.compile(r"(?<![0-9.])(192\.0\.2|198\.51\.100|203\.0\.113)\.[0-9]")),
    ("example domain (RFC 2606)", re.compile(r"\bexample\.(com|net|org)\b|\.example\b", re.IGNORECASE)),
    ("to-do marker", re.compile(r"\b(TODO|FIXME|TBD|CHANGE[_ -]?ME|REPLACE[_ -]?ME|FILL[_ -]?ME)\b")),
    ("xxxx filler", re.compile(r"(?<![A-Za-z.])(x{4,}|X{4,})(?![A-Za-z])")),
    ("angle-bracket placeholder in a value", re.compile(r"<(owner|repo|account(-id|_id)?|your[^>]*|domain|arn)>", re.IGNORECASE)),
    ("pasted link to this repository (use var.github_repository)", re.compile(r"github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/(blob|tree)/")),
]

# Test inputs of provider-free modules: ARN-shaped strings are their point.
FIXTURES = {
    "infra/terraform/modules/monitors/tests/monitors.tftest.hcl",
    "infra/terraform/modules/jobs/tests/jobs.tftest.hcl",
    "infra/terraform/modules/jobs/examples/render/main.tf",
}
FIXTURE_ACCOUNT = "111111111111"

# Lines that legitimately look like a pattern: mktemp templates.
ALLOWED_LINE = re.compile(r"mktemp")
# Notation, not a value: an angle-bracket name in prose (docs, comments, descriptions, error messages).
PROSE_ONLY = {"angle-bracket placeholder in a value"}
PROSE_LINE = re.compile(r"^\s*(#|//)|\b(description|error_message)\s*=")
# In fixtures, links and the fixture account are test inputs.
FIXTURE_OK = {"pasted link to this repository (use var.github_repository)"}


def findings(path, text):
    fixture = path in FIXTURES
    for number, line in enumerate(text.splitlines(), 1):
        if ALLOWED_LINE.search(line):
            continue
        for name, pattern in PATTERNS:
            match = pattern.search(line)
            if not match:
                continue
            if fixture and (FIXTURE_ACCOUNT in match.group(0) or name in FIXTURE_OK):
                continue
            if name in PROSE_ONLY and (path.endswith(".md") or PROSE_LINE.search(line)):
                continue
            yield f"{path}:{number}: {name}: {line.strip()[:120]}"


def self_test():
    caught = [
        'account_id = "222222222222"',
        'certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc"',
        '"00000000-0000-0000-0000-00000000prd1"',
        'office_cidrs = ["203.0.113.0/28"]',
        'network_cidrs = ["198.51.100.32/27"]',
        'domain = "admin.example.com"',
        '# TODO: real value',
        'token: CHANGEME',
        'id = "xxxx"',
        'url = "https://github.com/<owner>/pool"',
        'runbook_url: https://github.com/pool-issuer/pool/blob/main/docs/runbooks/a.md',
    ]
    clean = [
        'work="$(mktemp -d /tmp/pool.XXXXXX)"',
        'vpc_cidr = "10.20.0.0/16"',
        'resources = ["arn:aws:s3:::pool-${var.environment}-terraform-${data.aws_caller_identity.current.account_id}/*"]',
        'runbook_url: docs/runbooks/job-failed.md',
        'See https://github.com/kayac/ecspresso for the tool.',
    ]
    failures = 0
    for line in caught:
        if not list(findings("infra/x.tf", line)):
            print(f"FAIL not caught: {line}")
            failures += 1
    for line in clean:
        found = list(findings("infra/x.tf", line))
        if found:
            print(f"FAIL caught a clean line: {found[0]}")
            failures += 1
    if not list(findings("infra/terraform/modules/jobs/tests/jobs.tftest.hcl", 'cluster_arn = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/pool-stg"')) == []:
        print("FAIL the fixture account is refused in a fixture")
        failures += 1
    if not list(findings("infra/x.tf", 'cluster_arn = "arn:aws:ecs:ap-northeast-1:111111111111:cluster/pool-stg"')):
        print("FAIL the fixture account passes outside a fixture")
        failures += 1
    print(f"placeholders self-test: {len(caught)} caught, {len(clean)} clean, {failures} failure(s)")
    return failures == 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return 0 if self_test() else 1
    root = Path(sys.argv[1])
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "infra", ".github", "docs"],
        cwd=root, check=True, capture_output=True, text=True).stdout.split()
    skip = {"infra/tools/package-lock.json", "infra/checks/placeholders.py"}
    problems = []
    checked = 0
    for path in files:
        if path in skip or "/node_modules/" in path or not (root / path).is_file():
            continue
        try:
            text = (root / path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        checked += 1
        problems.extend(findings(path, text))
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"placeholders: {checked} file(s), {len(problems)} placeholder(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
