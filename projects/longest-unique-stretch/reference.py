import sys


def longest_unique(s):
    """Returns (length, start) of the leftmost longest substring without repeats (start is 1-based)."""
    last_seen = {}
    left = 0
    best_length = 0
    best_start = 0
    for right, ch in enumerate(s):
        if ch in last_seen and last_seen[ch] >= left:
            left = last_seen[ch] + 1
        last_seen[ch] = right
        if right - left + 1 > best_length:
            best_length = right - left + 1
            best_start = left
    return best_length, best_start + 1


def main():
    words = sys.stdin.read().split()
    t = int(words[0])
    for i in range(t):
        length, start = longest_unique(words[1 + i])
        print(length, start)


if __name__ == "__main__":
    main()
