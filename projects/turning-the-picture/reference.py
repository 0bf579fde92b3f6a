import sys


def rotate_clockwise(matrix):
    """Returns matrix rotated by 90 degrees clockwise."""
    rows = len(matrix)
    cols = len(matrix[0])
    result = []
    for c in range(cols):
        new_row = []
        for r in range(rows - 1, -1, -1):
            new_row.append(matrix[r][c])
        result.append(new_row)
    return result


def main():
    data = sys.stdin.read().split()
    r, c, k = int(data[0]), int(data[1]), int(data[2])
    matrix = []
    for i in range(r):
        matrix.append(data[3 + i * c:3 + (i + 1) * c])
    for _ in range(k % 4):
        matrix = rotate_clockwise(matrix)
    for row in matrix:
        print(" ".join(row))


if __name__ == "__main__":
    main()
