import sys


def read_maze():
    """Reads R, C and the maze. Returns (r, c, grid) where grid is a list of strings."""
    r, c = sys.stdin.readline().split()
    r, c = int(r), int(c)
    grid = [sys.stdin.readline().strip() for _ in range(r)]
    return r, c, grid


def find_cell(grid, target):
    """Returns (row, col) of the first cell equal to target, or None."""
    for row, line in enumerate(grid):
        col = line.find(target)
        if col != -1:
            return row, col
    return None


def main():
    
