"""Timing helper: the best of several repeats, so other load on the machine inflates less."""
import gc
import time


def best_time(fn, repeat=7, number=1):
    """Smallest mean time per call (seconds) over ``repeat`` rounds of ``number`` calls."""
    fn()  # warm up caches and lazy imports
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def optional(module):
    """Import a baseline library, or return None if it is not installed."""
    try:
        return __import__(module)
    except ImportError:
        return None
