import sys


def read_map():
    """Reads R, C and the map. Returns (rows, cols, grid) where grid is a list of strings."""
    rows, cols = sys.stdin.readline().split()
    rows, cols = int(rows), int(cols)
    grid = [sys.stdin.readline().strip() for _ in range(rows)]
    return rows, cols, grid


def burning_cells(grid):
    """Returns the (row, col) positions of all cells that are burning at the start."""
    return [(r, c) for r, line in enumerate(grid) for c, ch in enumerate(line) if ch == "F"]


def minutes_to_burn(grid, rows, cols):
    """Returns the minute at which the last grass cell catches fire, or -1 if some never does."""


def main():
    rows, cols, grid = read_map()
