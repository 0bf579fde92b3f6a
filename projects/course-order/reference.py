import heapq
import sys


def course_order(n, rules):
    """Kahn's algorithm with a min-heap of the courses whose prerequisites are all passed.
    Returns the order, or None if the rules contain a cycle."""
    after = [[] for _ in range(n + 1)]
    missing = [0] * (n + 1)
    for a, b in rules:
        after[a].append(b)
        missing[b] += 1
    ready = [c for c in range(1, n + 1) if missing[c] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        course = heapq.heappop(ready)
        order.append(course)
        for nxt in after[course]:
            missing[nxt] -= 1
            if missing[nxt] == 0:
                heapq.heappush(ready, nxt)
    return order if len(order) == n else None


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    rules = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
    order = course_order(n, rules)
    print("IMPOSSIBLE" if order is None else " ".join(map(str, order)))


if __name__ == "__main__":
    main()
