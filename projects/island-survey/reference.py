import sys


def survey(grid, rows, cols):
    """Flood-fills every island with an explicit stack. Returns (island count, largest area)."""
    seen = [[False] * cols for _ in range(rows)]
    count = 0
    largest = 0
    for sr in range(rows):
        for sc in range(cols):
            if grid[sr][sc] != "#" or seen[sr][sc]:
                continue
            count += 1
            area = 0
            seen[sr][sc] = True
            stack = [(sr, sc)]
            while stack:
                r, c = stack.pop()
                area += 1
                for nr in (r - 1, r, r + 1):
                    for nc in (c - 1, c, c + 1):
                        if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "#" and not seen[nr][nc]:
                            seen[nr][nc] = True
                            stack.append((nr, nc))
            largest = max(largest, area)
    return count, largest


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    count, largest = survey(grid, rows, cols)
    print(count, largest)


if __name__ == "__main__":
    main()
