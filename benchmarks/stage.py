"""Run one command and print its wall time, exit code and peak memory as one JSON line.

    python -m benchmarks.stage LIMIT_MB COMMAND...

`benchmarks/run.py` starts every measured stage through this wrapper, so the peak
resident memory is that of the stage's own process tree (its largest member);
LIMIT_MB > 0 caps the command's address space (0: no cap).
"""

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    limit = int(sys.argv[1])

    def cap() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))

    start = time.perf_counter()
    code = subprocess.call(sys.argv[2:], preexec_fn=cap)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"code": code, "seconds": seconds, "peak_kb": peak_kb}))


if __name__ == "__main__":
    main()
