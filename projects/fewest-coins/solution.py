import sys


def read_input():
    """Reads N, the amount A and the N coin values. Returns (coins, amount)."""
    n, amount = sys.stdin.readline().split()
    coins = [int(x) for x in sys.stdin.readline().split()[:int(n)]]
    return coins, int(amount)


def fewest_coins(coins, amount):
    """Returns the smallest number of coins adding up to amount, or -1 if that is impossible."""


def main():
    coins, amount = read_input()
