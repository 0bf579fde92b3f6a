import sys

MOD = 1_000_000_007


def count_paths(grid, rows, cols):
    """ways[c] holds the number of paths into the current row's cell c: from above (the old value)
    plus from the left (the value just computed)."""
    ways = [0] * cols
    ways[0] = 1
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "#":
                ways[c] = 0
            elif c > 0:
                ways[c] = (ways[c] + ways[c - 1]) % MOD
    return ways[cols - 1]


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    print(count_paths(grid, rows, cols))


if __name__ == "__main__":
    main()
