import sys
from collections import deque


def shortest_path(grid, rows, cols):
    """Breadth-first search from S; returns the distance to E or -1."""
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "S":
                start = (r, c)
    dist = [[-1] * cols for _ in range(rows)]
    dist[start[0]][start[1]] = 0
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if grid[r][c] == "E":
            return dist[r][c]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols:
                if grid[nr][nc] != "#" and dist[nr][nc] == -1:
                    dist[nr][nc] = dist[r][c] + 1
                    queue.append((nr, nc))
    return -1


def main():
    lines = sys.stdin.read().split()
    rows, cols = int(lines[0]), int(lines[1])
    grid = lines[2:2 + rows]
    print(shortest_path(grid, rows, cols))


if __name__ == "__main__":
    main()
