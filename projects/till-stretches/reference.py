import sys


def count_stretches(values, k):
    """A stretch l..r sums to k exactly when prefix[r] - prefix[l - 1] == k, so count earlier
    prefix sums equal to prefix[r] - k."""
    seen = {0: 1}
    prefix = 0
    count = 0
    for value in values:
        prefix += value
        count += seen.get(prefix - k, 0)
        seen[prefix] = seen.get(prefix, 0) + 1
    return count


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    values = [int(x) for x in data[2:2 + n]]
    print(count_stretches(values, k))


if __name__ == "__main__":
    main()
