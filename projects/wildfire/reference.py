import sys
from collections import deque


def minutes_to_burn(grid, rows, cols):
    """Multi-source breadth-first search starting from every burning cell at minute 0."""
    minute = [[-1] * cols for _ in range(rows)]
    queue = deque()
    grass = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "F":
                minute[r][c] = 0
                queue.append((r, c))
            elif grid[r][c] == ".":
                grass += 1
    last = 0
    while queue:
        r, c = queue.popleft()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "." and minute[nr][nc] == -1:
                minute[nr][nc] = minute[r][c] + 1
                last = minute[nr][nc]
                grass -= 1
                queue.append((nr, nc))
    return last if grass == 0 else -1


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = data[2:2 + rows]
    print(minutes_to_burn(grid, rows, cols))


if __name__ == "__main__":
    main()
