import sys


def read_participants():
    """Reads N and then N participants. Returns a list of (name, solved, penalty) tuples."""
    n = int(sys.stdin.readline().strip())
    participants = []
    for _ in range(n):
        name, solved, penalty = sys.stdin.readline().split()
        participants.append((name, int(solved), int(penalty)))
    return participants


def main():
    
