import sys


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    rain = [int(x) for x in data[1:1 + n]]
    prefix = [0] * (n + 1)
    for i in range(n):
        prefix[i + 1] = prefix[i] + rain[i]
    q = int(data[1 + n])
    pos = 2 + n
    answers = []
    for _ in range(q):
        l = int(data[pos])
        r = int(data[pos + 1])
        pos += 2
        answers.append(str(prefix[r] - prefix[l - 1]))
    print("\n".join(answers))


if __name__ == "__main__":
    main()
