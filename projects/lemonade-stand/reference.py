import sys


def best_period(profits):
    """For every end day r, the best start is right after the smallest earlier prefix sum (its
    first occurrence, which gives the earliest start). Returns (total, l, r), 1-based."""
    best = None
    prefix = 0
    min_prefix, min_at = 0, 0  # smallest prefix sum over days 0..r-1, and where it first occurs
    for r, profit in enumerate(profits, start=1):
        prefix += profit
        total = prefix - min_prefix
        if best is None or total > best[0] or (total == best[0] and min_at + 1 < best[1]):
            best = (total, min_at + 1, r)
        if prefix < min_prefix:
            min_prefix, min_at = prefix, r
    return best


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    profits = [int(x) for x in data[1:1 + n]]
    total, first, last = best_period(profits)
    print(total, first, last)


if __name__ == "__main__":
    main()
