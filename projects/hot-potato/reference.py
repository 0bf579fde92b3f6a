import sys


def leaving_order(n, k):
    """Keeps the remaining children in a list; the counting restarts at the removed position."""
    circle = list(range(1, n + 1))
    order = []
    pos = 0
    while circle:
        pos = (pos + k - 1) % len(circle)
        order.append(circle.pop(pos))
    return order


def main():
    n, k = map(int, sys.stdin.read().split()[:2])
    print(" ".join(map(str, leaving_order(n, k))))


if __name__ == "__main__":
    main()
