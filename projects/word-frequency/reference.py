import re
import sys


def main():
    lines = sys.stdin.read().split("\n")
    n, k = map(int, lines[0].split())
    counts = {}
    for i in range(n):
        for word in re.findall(r"[A-Za-z]+", lines[1 + i]):
            word = word.lower()
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for word, count in ranked[:k]:
        print(word, count)


if __name__ == "__main__":
    main()
