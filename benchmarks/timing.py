"""Timing helpers: candidates interleaved round by round, medians of per-round ratios.

Other load on a shared machine comes and goes; timing every candidate in every
round, next to the baseline, and taking the median of the per-round ratios
keeps a burst of load from favouring whichever candidate ran while it was quiet.
"""
import ctypes
import gc
import os
import statistics
import time

ROUNDS = 21
SLOW_CALL = 0.25  # seconds: candidates slower than this per call are timed in fewer rounds
SLOW_ROUNDS = 3


def calls_per_measurement(fn, budget=0.02):
    """How many calls make one measurement of about ``budget`` seconds (after one warm-up call)."""
    fn()
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    return max(1, int(budget / max(dt, 1e-7))), dt


def interleaved(candidates, baseline, rounds=ROUNDS):
    """Time ``candidates`` (name -> zero-argument function) in interleaved rounds.

    Returns ``{name: (median seconds per call, median ratio to baseline)}``;
    the ratio of each round divides by the baseline's time in the same round.
    Candidates slower than ``SLOW_CALL`` per call run in the first rounds only.
    """
    plan = {name: calls_per_measurement(fn) for name, fn in candidates.items()}
    gc.collect()
    gc.freeze()  # what exists now is never scanned again: collections during timing stay cheap
    times = {name: [] for name in candidates}
    ratios = {name: [] for name in candidates}
    names = list(candidates)
    for r in range(rounds):
        this_round = {}
        for name in names if r % 2 == 0 else names[::-1]:
            number, first = plan[name]
            if first > SLOW_CALL and r >= SLOW_ROUNDS and name != baseline:
                continue
            fn = candidates[name]
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            this_round[name] = (time.perf_counter() - t0) / number
        for name, t in this_round.items():
            times[name].append(t)
            ratios[name].append(t / this_round[baseline])
    return {name: (statistics.median(times[name]), statistics.median(ratios[name])) for name in names}


def fix_malloc():
    """Fix glibc's malloc thresholds, so one candidate's garbage does not change another's timing.

    With the defaults, freeing a large array raises the mmap threshold and
    trimming returns memory to the system; the next call page-faults it back.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    ok = libc.mallopt(m_mmap_threshold, 32 << 20) == 1
    return ok and libc.mallopt(m_trim_threshold, 256 << 20) == 1


def one_blas_thread():
    """Environment for a child process: every library on one thread."""
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    env["JAX_PLATFORMS"] = "cpu"
    return env


def optional(module):
    """Import a peer library, or return None if it is not installed."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        return None


def best_time(fn, repeat=7, number=1):
    """Smallest mean time per call (seconds) over ``repeat`` rounds of ``number`` calls (one candidate alone)."""
    fn()  # warm up caches and lazy imports
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best
