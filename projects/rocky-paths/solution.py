import sys

MOD = 1_000_000_007


def read_field():
    """Reads R, C and the field. Returns (rows, cols, grid) where grid is a list of strings."""
    rows, cols = sys.stdin.readline().split()
    rows, cols = int(rows), int(cols)
    grid = [sys.stdin.readline().strip() for _ in range(rows)]
    return rows, cols, grid


def count_paths(grid, rows, cols):
    """Returns the number of right/down paths from the top-left to the bottom-right cell, modulo MOD."""


def main():
    rows, cols, grid = read_field()
