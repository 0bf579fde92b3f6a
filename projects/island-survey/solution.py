import sys


def read_photo():
    """Reads R, C and the photo. Returns (rows, cols, grid) where grid is a list of strings."""
    rows, cols = sys.stdin.readline().split()
    rows, cols = int(rows), int(cols)
    grid = [sys.stdin.readline().strip() for _ in range(rows)]
    return rows, cols, grid


def neighbours(r, c, rows, cols):
    """Returns the positions of the up to eight cells around (r, c) that lie inside the grid."""
    result = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if (dr or dc) and 0 <= r + dr < rows and 0 <= c + dc < cols:
                result.append((r + dr, c + dc))
    return result


def main():
    rows, cols, grid = read_photo()
