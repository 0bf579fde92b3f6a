import sys


def read_grid():
    """Reads R, C and the grid. Returns (r, c, grid) where grid is a list of lists of ints."""
    r, c = sys.stdin.readline().split()
    r, c = int(r), int(c)
    grid = [[int(x) for x in sys.stdin.readline().split()] for _ in range(r)]
    return r, c, grid


def read_questions():
    """Reads Q and then Q rectangles. Returns a list of (r1, c1, r2, c2) tuples."""
    q = int(sys.stdin.readline().strip())
    return [tuple(int(x) for x in sys.stdin.readline().split()) for _ in range(q)]


def main():
    
