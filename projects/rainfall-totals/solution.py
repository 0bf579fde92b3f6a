import sys


def read_rainfall():
    """Reads N and the N daily amounts. Returns the amounts as a list of ints."""
    n = int(sys.stdin.readline().strip())
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def read_questions():
    """Reads Q and then Q pairs (l, r). Returns a list of (l, r) tuples."""
    q = int(sys.stdin.readline().strip())
    questions = []
    for _ in range(q):
        l, r = sys.stdin.readline().split()
        questions.append((int(l), int(r)))
    return questions


def main():
    
