import sys
from collections import deque


def window_maxima(values, k):
    """Keeps a deque of positions whose values decrease from front to back; the front is the
    maximum of the current window."""
    candidates = deque()
    maxima = []
    for i, value in enumerate(values):
        while candidates and values[candidates[-1]] <= value:
            candidates.pop()
        candidates.append(i)
        if candidates[0] <= i - k:
            candidates.popleft()
        if i >= k - 1:
            maxima.append(values[candidates[0]])
    return maxima


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    values = [int(x) for x in data[2:2 + n]]
    print(" ".join(map(str, window_maxima(values, k))))


if __name__ == "__main__":
    main()
