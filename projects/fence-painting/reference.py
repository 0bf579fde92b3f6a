import sys


def boards_with_coats(n, ranges, k):
    """Sweeps over the points where the number of coats changes: +1 at l, -1 just after r.
    Between two consecutive change points the number of coats is constant."""
    changes = {}
    for l, r in ranges:
        changes[l] = changes.get(l, 0) + 1
        changes[r + 1] = changes.get(r + 1, 0) - 1
    changes.setdefault(1, 0)
    changes.setdefault(n + 1, 0)
    points = sorted(changes)
    coats = 0
    total = 0
    for here, nxt in zip(points, points[1:]):
        coats += changes[here]
        if coats == k:
            total += nxt - here
    return total


def main():
    data = sys.stdin.read().split()
    n, m, k = int(data[0]), int(data[1]), int(data[2])
    ranges = [(int(data[3 + 2 * i]), int(data[4 + 2 * i])) for i in range(m)]
    print(boards_with_coats(n, ranges, k))


if __name__ == "__main__":
    main()
