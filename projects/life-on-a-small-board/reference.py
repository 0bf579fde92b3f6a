import sys


def count_neighbours(board, r, c):
    """Counts live cells around (r, c); cells outside the board are dead."""
    rows, cols = len(board), len(board[0])
    count = 0
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and board[nr][nc] == "#":
                count += 1
    return count


def next_generation(board):
    new_board = []
    for r in range(len(board)):
        new_row = []
        for c in range(len(board[0])):
            n = count_neighbours(board, r, c)
            if board[r][c] == "#":
                new_row.append("#" if n in (2, 3) else ".")
            else:
                new_row.append("#" if n == 3 else ".")
        new_board.append(new_row)
    return new_board


def main():
    data = sys.stdin.read().split()
    rows, gens = int(data[0]), int(data[2])
    board = [list(line) for line in data[3:3 + rows]]
    for _ in range(gens):
        board = next_generation(board)
    for row in board:
        print("".join(row))


if __name__ == "__main__":
    main()
