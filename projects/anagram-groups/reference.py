import sys


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    groups = {}
    for word in data[1:1 + n]:
        key = "".join(sorted(word))
        if key not in groups:
            groups[key] = []
        groups[key].append(word)
    result = []
    for words in groups.values():
        words.sort()
        result.append(words)
    result.sort(key=lambda words: (-len(words), words[0]))
    print(len(result))
    for words in result:
        print(" ".join(words))


if __name__ == "__main__":
    main()
