import sys


def sieve(limit):
    """Returns a list where is_prime[x] is 1 if x is prime, for 0 <= x <= limit."""
    is_prime = [1] * (limit + 1)
    is_prime[0] = 0
    if limit >= 1:
        is_prime[1] = 0
    p = 2
    while p * p <= limit:
        if is_prime[p]:
            for multiple in range(p * p, limit + 1, p):
                is_prime[multiple] = 0
        p += 1
    return is_prime


def main():
    data = sys.stdin.read().split()
    q = int(data[0])
    queries = []
    for i in range(q):
        queries.append((int(data[1 + 2 * i]), int(data[2 + 2 * i])))
    limit = max(r for l, r in queries)
    is_prime = sieve(limit)
    prefix = [0] * (limit + 1)
    for x in range(1, limit + 1):
        prefix[x] = prefix[x - 1] + is_prime[x]
    answers = []
    for l, r in queries:
        answers.append(str(prefix[r] - prefix[l - 1]))
    print("\n".join(answers))


if __name__ == "__main__":
    main()
