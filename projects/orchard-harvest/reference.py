import sys


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    pos = 2
    # prefix[i][j] = apples in the rectangle from (1, 1) to (i, j)
    prefix = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            value = int(data[pos])
            pos += 1
            prefix[i][j] = value + prefix[i - 1][j] + prefix[i][j - 1] - prefix[i - 1][j - 1]
    q = int(data[pos])
    pos += 1
    answers = []
    for _ in range(q):
        r1, c1, r2, c2 = (int(x) for x in data[pos:pos + 4])
        pos += 4
        total = prefix[r2][c2] - prefix[r1 - 1][c2] - prefix[r2][c1 - 1] + prefix[r1 - 1][c1 - 1]
        answers.append(str(total))
    print("\n".join(answers))


if __name__ == "__main__":
    main()
