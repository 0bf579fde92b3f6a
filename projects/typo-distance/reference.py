import sys


def edit_distance(source, target):
    """Classic dynamic programming, keeping only the previous row of the table:
    row[j] = edits needed to turn the current prefix of source into target[:j]."""
    previous = list(range(len(target) + 1))
    for i, a in enumerate(source, start=1):
        current = [i] + [0] * len(target)
        for j, b in enumerate(target, start=1):
            if a == b:
                current[j] = previous[j - 1]
            else:
                current[j] = 1 + min(previous[j - 1], previous[j], current[j - 1])
        previous = current
    return previous[-1]


def main():
    words = sys.stdin.read().split()
    print(edit_distance(words[0], words[1]))


if __name__ == "__main__":
    main()
