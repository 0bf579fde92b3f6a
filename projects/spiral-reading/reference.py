import sys


def spiral_order(matrix, rows, cols):
    """Walks the outer ring of the remaining rectangle, then shrinks it on all four sides."""
    top, bottom, left, right = 0, rows - 1, 0, cols - 1
    order = []
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            order.append(matrix[top][c])
        for r in range(top + 1, bottom + 1):
            order.append(matrix[r][right])
        if top < bottom:
            for c in range(right - 1, left - 1, -1):
                order.append(matrix[bottom][c])
        if left < right:
            for r in range(bottom - 1, top, -1):
                order.append(matrix[r][left])
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return order


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    matrix = [data[2 + r * cols:2 + (r + 1) * cols] for r in range(rows)]
    print(" ".join(spiral_order(matrix, rows, cols)))


if __name__ == "__main__":
    main()
