import sys


def fewest_coins(coins, amount):
    """Dynamic programming over the amounts 0..amount; returns -1 if amount is unreachable."""
    unreachable = amount + 1
    best = [0] + [unreachable] * amount
    for coin in set(coins):
        for value in range(coin, amount + 1):
            candidate = best[value - coin] + 1
            if candidate < best[value]:
                best[value] = candidate
    return best[amount] if best[amount] != unreachable else -1


def main():
    data = sys.stdin.read().split()
    n, amount = int(data[0]), int(data[1])
    coins = [int(x) for x in data[2:2 + n]]
    print(fewest_coins(coins, amount))


if __name__ == "__main__":
    main()
