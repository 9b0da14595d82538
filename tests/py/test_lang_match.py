"""The match statement against CPython 3.11: literal, capture, wildcard, value, sequence,
mapping, class, or- and as-patterns with guards, in functions (bytecode VM) and at module
level, and `match` still usable as a name."""
import pathlib

import pytest

from cpython_diff import assert_same

TOUR = (pathlib.Path(__file__).with_name("lang_match_tour.py")).read_text()


def test_tour_of_patterns():
    assert_same(TOUR)


CASES = [
    # soft keyword: match as a name, a call, an attribute, a subscript
    "match = 5\nprint(match)\nmatch += 1\nprint(match)",
    "def match(x):\n    return x + 1\nprint(match(1), [match(i) for i in range(3)])",
    "class A:\n    match = 3\nprint(A.match, {'match': 1}['match'])",
    "match = [1, 2]\nprint(match[0])",
    # subjects: a tuple, a call, a parenthesized name
    "match 1, 'a':\n    case (1, s):\n        print('tuple', s)",
    "match len('abc'):\n    case 3:\n        print('three')\n    case _:\n        print('other')",
    # guards see the captures; a failed guard goes on to the next case
    "for v in [(1, 2), (2, 1), (3, 3)]:\n    match v:\n        case (a, b) if a < b:\n            print('lt', a, b)\n        case (a, b) if a == b:\n            print('eq', a)\n        case (a, b):\n            print('gt', a, b)",
    # no case matches: nothing runs, the captures of failed patterns may stay
    "match 5:\n    case 1:\n        print('one')\nprint('after')",
    # nested patterns and as-captures
    "match {'a': [1, {'b': (2, 3)}]}:\n    case {'a': [1, {'b': (x, y) as pair}]}:\n        print(x, y, pair)",
    # strings are not sequences; dicts are not sequences
    "for v in ['ab', b'ab', {'a': 1}, [1, 2]]:\n    match v:\n        case [a, b]:\n            print('seq', a, b)\n        case _:\n            print('not a sequence', type(v).__name__)",
    # a return and a break inside a case
    "def f(xs):\n    for x in xs:\n        match x:\n            case 0:\n                break\n            case n if n < 0:\n                return 'neg'\n    return 'done'\nprint(f([1, 0, -1]), f([1, -1]), f([]))",
    # generators and closures around a match
    "def g(items):\n    for it in items:\n        match it:\n            case [k, v]:\n                yield k, v\n            case str(s):\n                yield s, None\nprint(list(g([['a', 1], 'b', 3])))",
    "def outer():\n    y = 10\n    def inner(v):\n        match v:\n            case int(n):\n                return n + y\n    return inner(5)\nprint(outer())",
    # a mapping pattern with **rest keeps the other keys in order
    "match {'x': 1, 'y': 2, 'z': 3}:\n    case {'y': 2, **rest}:\n        print(rest)",
    # class patterns: keyword attributes and __match_args__
    "class P:\n    __match_args__ = ('a', 'b')\n    def __init__(self, a, b):\n        self.a, self.b = a, b\nfor p in [P(1, 2), P(0, 0), 3]:\n    match p:\n        case P(0, b=0):\n            print('origin')\n        case P(a, b):\n            print('P', a, b)\n        case _:\n            print('not P')",
    # a match inside a case keeps the outer subject
    "def f(v):\n    match v:\n        case [a, b]:\n            match a:\n                case [c, *d]:\n                    return ('nested', c, d, b)\n                case _:\n                    return ('pair', a, b)\n        case _:\n            return 'other'\nprint(f([[1, 2, 3], 4]), f([1, 2]), f(3))",
    # an unguarded capture or wildcard before another case is a SyntaxError, as in CPython
    "match 1:\n    case x:\n        pass\n    case 2:\n        pass",
    "match 1:\n    case _: pass\n    case 2: pass",
    "match 1:\n    case x if x > 5: print('big')\n    case x: print('small', x)",
    # errors inside the subject or a guard propagate
    "match 1 / 0:\n    case _:\n        pass",
    "match 1:\n    case 1 if undefined_name:\n        pass",
]


@pytest.mark.parametrize("src", CASES)
def test_cases_agree(src):
    assert_same(src + "\n")
