import sys


def read_matrix():
    """Reads R, C and the matrix. Returns (rows, cols, matrix) with matrix a list of lists of ints."""
    rows, cols = sys.stdin.readline().split()
    rows, cols = int(rows), int(cols)
    matrix = [[int(x) for x in sys.stdin.readline().split()] for _ in range(rows)]
    return rows, cols, matrix


def spiral_order(matrix, rows, cols):
    """Returns the list of all numbers of the matrix in clockwise spiral order."""


def main():
    rows, cols, matrix = read_matrix()
