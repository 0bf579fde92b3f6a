import sys


def merge(bookings):
    """Merges overlapping or touching intervals. Returns the merged list."""
    bookings.sort()
    blocks = []
    for start, end in bookings:
        if blocks and start <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], end)
        else:
            blocks.append([start, end])
    return blocks


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    bookings = []
    for i in range(n):
        bookings.append((int(data[1 + 2 * i]), int(data[2 + 2 * i])))
    blocks = merge(bookings)
    print(len(blocks))
    for start, end in blocks:
        print(start, end)


if __name__ == "__main__":
    main()
