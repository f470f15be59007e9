#!/usr/bin/env python3
"""Attributes a callgrind profile of a .NET process to JIT-compiled methods.

valgrind has no symbols for JIT code (its functions show as ???:0xADDRESS); run the process with
DOTNET_PerfMapEnabled=1 so the runtime writes /tmp/perf-PID.map (start, size, name per method), then:

    callgrind-jit-symbols.py callgrind.out /tmp/perf-PID.map [top]

prints the self instruction counts (Ir) per method, highest first (docs/benchmarks-engine.md).

    callgrind-jit-symbols.py --per-operation N1 small.out small.map N2 large.out large.map [top]

compares two runs of the same program that differ only in the number of operations (N1 < N2): each
method's difference divided by N2 - N1 is its instructions per operation, with setup and JIT cancelled
(native code, where the runtime's background work varies between runs, is left out).
"""
import bisect
import re
import subprocess
import sys


def main() -> None:
    if sys.argv[1] == "--per-operation":
        small_count, small, small_map, large_count, large, large_map = sys.argv[2:8]
        top = int(sys.argv[8]) if len(sys.argv) > 8 else 40
        before = costs_of(small, small_map)
        after = costs_of(large, large_map)
        operations = int(large_count) - int(small_count)
        per = {name: (after.get(name, 0) - before.get(name, 0)) / operations for name in set(before) | set(after) if not name.startswith("[native]")}
        print(f"{sum(per.values()):>10.1f} Ir per operation in JIT code (over {operations:,} operations)")
        for name, ir in sorted(per.items(), key=lambda item: -item[1])[:top]:
            print(f"{ir:>10.1f}  {name[:160]}")
        return
    profile, perf_map = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    costs = costs_of(profile, perf_map)
    total = sum(costs.values())
    for name, ir in sorted(costs.items(), key=lambda item: -item[1])[:top]:
        print(f"{ir:>15,} {100 * ir / total:5.1f}%  {name}")


def costs_of(profile: str, perf_map: str) -> dict[str, int]:
    starts, ends, names = [], [], []
    with open(perf_map, encoding="utf-8", errors="replace") as lines:
        rows = []
        for line in lines:
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) == 3:
                rows.append((int(parts[0], 16), int(parts[1], 16), parts[2]))
        for start, size, name in sorted(rows):
            starts.append(start)
            ends.append(start + size)
            names.append(name)
    annotate = subprocess.run(["callgrind_annotate", "--threshold=100", profile], capture_output=True, text=True, check=True).stdout
    costs: dict[str, int] = {}
    total = 0
    for line in annotate.splitlines():
        match = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)$", line)
        if not match or "PROGRAM TOTALS" in line:
            continue
        ir = int(match.group(1).replace(",", ""))
        where = match.group(2)
        address = re.search(r"\?\?\?:0x([0-9a-f]+) \[\?\?\?\]", where)
        name = where
        if address:
            value = int(address.group(1), 16)
            i = bisect.bisect_right(starts, value) - 1
            name = names[i] if i >= 0 and value < ends[i] else "[unmapped JIT code]"
        else:
            library = re.search(r"\[(.*?)\]$", where)
            name = "[native] " + (library.group(1).rsplit("/", 1)[-1] if library else where)
        costs[name] = costs.get(name, 0) + ir
        total += ir
    return costs


if __name__ == "__main__":
    main()
