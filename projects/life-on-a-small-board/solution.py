import sys


def read_header():
    """Reads R, C and G. Returns (r, c, g)."""
    r, c, g = sys.stdin.readline().split()
    return int(r), int(c), int(g)


def read_board(r):
    """Reads r lines of the board. Returns a list of lists of characters."""
    return [list(sys.stdin.readline().strip()) for _ in range(r)]


def main():
    
