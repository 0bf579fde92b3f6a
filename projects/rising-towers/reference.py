import sys
from bisect import bisect_left


def longest_rising(heights):
    """Patience sorting: tails[k] is the smallest possible last height of a rising run of k + 1."""
    tails = []
    for h in heights:
        pos = bisect_left(tails, h)
        if pos == len(tails):
            tails.append(h)
        else:
            tails[pos] = h
    return len(tails)


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    heights = [int(x) for x in data[1:1 + n]]
    print(longest_rising(heights))


if __name__ == "__main__":
    main()
