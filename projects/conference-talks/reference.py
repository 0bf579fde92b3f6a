import sys


def max_talks(talks):
    """Greedy: always take the compatible talk that ends first."""
    talks.sort(key=lambda talk: talk[1])
    count = 0
    free_from = -1
    for start, end in talks:
        if start >= free_from:
            count += 1
            free_from = end
    return count


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    talks = []
    for i in range(n):
        talks.append((int(data[1 + 2 * i]), int(data[2 + 2 * i])))
    print(max_talks(talks))


if __name__ == "__main__":
    main()
