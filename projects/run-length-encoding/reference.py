import sys


def encode(s):
    """Returns the run-length encoding of s."""
    parts = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        run = j - i
        if run > 1:
            parts.append(str(run))
        parts.append(s[i])
        i = j
    return "".join(parts)


def main():
    words = sys.stdin.read().split()
    t = int(words[0])
    results = []
    for i in range(t):
        results.append(encode(words[1 + i]))
    print("\n".join(results))


if __name__ == "__main__":
    main()
