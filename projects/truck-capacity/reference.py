import sys


def days_needed(weights, capacity):
    """Number of days the truck needs with the given capacity (loading greedily)."""
    days = 1
    load = 0
    for w in weights:
        if load + w > capacity:
            days += 1
            load = 0
        load += w
    return days


def main():
    data = sys.stdin.read().split()
    n, d = int(data[0]), int(data[1])
    weights = [int(x) for x in data[2:2 + n]]
    low = max(weights)
    high = sum(weights)
    while low < high:
        mid = (low + high) // 2
        if days_needed(weights, mid) <= d:
            high = mid
        else:
            low = mid + 1
    print(low)


if __name__ == "__main__":
    main()
