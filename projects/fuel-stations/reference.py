import sys


def shortest_block(fuel, need):
    """Sliding window: grow on the right, shrink from the left while the sum is still enough."""
    best = 0
    total = 0
    left = 0
    for right, amount in enumerate(fuel):
        total += amount
        while total - fuel[left] >= need:
            total -= fuel[left]
            left += 1
        if total >= need:
            length = right - left + 1
            if best == 0 or length < best:
                best = length
    return best


def main():
    data = sys.stdin.read().split()
    n, need = int(data[0]), int(data[1])
    fuel = [int(x) for x in data[2:2 + n]]
    print(shortest_block(fuel, need))


if __name__ == "__main__":
    main()
