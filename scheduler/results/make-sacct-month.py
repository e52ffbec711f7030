#!/usr/bin/env python3
"""Writes a month of made-up Slurm accounting (sacct --parsable2) for a large GPU cluster:
JOBS jobs (default 100,000) arriving with a day-and-week rhythm, log-normal run times of
5 minutes to 2 days, 1 to 8 GPUs, time limits of 1.5 to 4 times the run rounded up to the hour,
and every job's .batch and .extern steps as sacct prints them. It measures how fast a backtest
reads and replays a history of that size; the jobs are not a real cluster's.

usage: make-sacct-month.py OUT [JOBS]"""
import math
import random
import sys
from datetime import datetime, timedelta

out = sys.argv[1]
jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(2023)
start = datetime(2023, 5, 1)
seconds = 30 * 86400
partitions = [("a100", 0.5), ("h100", 0.2), ("v100", 0.2), ("debug", 0.1)]


def weight(t):
    hour = (t / 3600) % 24
    day = int(t // 86400) % 7
    return (1.0 + 0.6 * math.sin((hour - 9) / 24 * 2 * math.pi)) * (0.5 if day >= 5 else 1.0)


def clock(s):
    d, s = divmod(int(s), 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return (f"{d}-" if d else "") + f"{h:02d}:{m:02d}:{s:02d}"


fmt = "%Y-%m-%dT%H:%M:%S"
with open(out, "w") as f:
    f.write("JobID|User|Account|Partition|Submit|Start|End|Elapsed|Timelimit|State|AllocTRES\n")
    made = 0
    while made < jobs:
        t = rng.uniform(0, seconds)
        if rng.uniform(0, 1.6 * 1.0) > weight(t):
            continue
        made += 1
        part = rng.choices([p for p, _ in partitions], [w for _, w in partitions])[0]
        run = min(2 * 86400, max(300, rng.lognormvariate(math.log(2 * 3600), 1.2)))
        if part == "debug":
            run = min(run, 3600)
        wait = rng.expovariate(1 / 1200)
        limit = math.ceil(run * rng.uniform(1.5, 4) / 3600) * 3600
        gpus = rng.choice([1, 1, 1, 2, 2, 4, 8])
        sub = start + timedelta(seconds=t)
        beg = sub + timedelta(seconds=wait)
        end = beg + timedelta(seconds=run)
        jid = 100000 + made
        tres = f"billing={gpus * 8},cpu={gpus * 8},gres/gpu={gpus},mem={gpus * 64}G,node=1"
        state = "COMPLETED" if rng.random() < 0.9 else "FAILED"
        user = f"user{rng.randint(1, 60)}"
        row = [str(jid), user, f"team{rng.randint(1, 8)}", part, sub.strftime(fmt),
               beg.strftime(fmt), end.strftime(fmt), clock(run), clock(limit), state, tres]
        f.write("|".join(row) + "\n")
        for step in ("batch", "extern"):
            f.write("|".join([f"{jid}.{step}", "", row[2], "", beg.strftime(fmt), beg.strftime(fmt),
                              end.strftime(fmt), clock(run), "", state, tres]) + "\n")
