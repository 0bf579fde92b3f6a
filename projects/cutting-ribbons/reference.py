import sys


def pieces(ribbons, length):
    """How many pieces of the given length can be cut from all ribbons."""
    return sum(r // length for r in ribbons)


def longest_piece(ribbons, k):
    """Binary search on the answer: the piece count only falls as the length grows."""
    low, high = 0, max(ribbons)  # pieces(low) >= k holds for low >= 1 (or low is 0)
    while low < high:
        mid = (low + high + 1) // 2
        if pieces(ribbons, mid) >= k:
            low = mid
        else:
            high = mid - 1
    return low


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    ribbons = [int(x) for x in data[2:2 + n]]
    print(longest_piece(ribbons, k))


if __name__ == "__main__":
    main()
