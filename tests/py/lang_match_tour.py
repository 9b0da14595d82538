from dataclasses import dataclass

@dataclass
class Point:
    x: int
    y: int

class Color:
    RED = 1
    GREEN = 2

def describe(v):
    match v:
        case 0:
            return "zero"
        case -1 | -2:
            return "minus one or two"
        case 1.5 | 2+3j:
            return "float or complex"
        case "hi" | "hello":
            return "greeting " + v
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case [] :
            return "empty list"
        case [x]:
            return "one item %r" % (x,)
        case [x, y, *rest] if x == y:
            return "pair start %r rest %r" % (x, rest)
        case (a, b, c):
            return "three %r %r %r" % (a, b, c)
        case [first, *middle, last]:
            return "first %r middle %r last %r" % (first, middle, last)
        case {"name": str(name), "age": int() as age, **others}:
            return "person %s %d %r" % (name, age, others)
        case {"k": [1, 2, z]}:
            return "nested %r" % z
        case Point(x=0, y=yy):
            return "on y axis at %r" % yy
        case Point(xx, 0):
            return "on x axis at %r" % xx
        case Point():
            return "some point"
        case int(n) if n > 100:
            return "big int %d" % n
        case int() | float() as num:
            return "number %r" % num
        case str() as s:
            return "string %r" % s
        case _:
            return "other %r" % (type(v).__name__,)

Point.__match_args__ = ("x", "y")
for v in [0, -1, -2, 1.5, 2+3j, "hi", "hello", None, True, 1, [], [5], (5,), [1, 1, 2, 3], [1, 2, 3], (1, 2, 3, 4), [1, 2, 3, 4],
          {"name": "Ann", "age": 30, "x": 1}, {"name": "Ann", "age": "x"}, {"k": [1, 2, 9]}, {"k": [1, 3, 9]},
          Point(0, 5), Point(4, 0), Point(1, 1), 500, 7, 2.5, "str", b"bytes", {1, 2}, range(2), "ab"]:
    print(repr(v), "->", describe(v))

def cmd(command):
    match command.split():
        case [action]:
            return ("single", action)
        case [action, obj]:
            return ("double", action, obj)
        case ["go", direction] | ["move", direction]:
            return ("go", direction)
        case ["drop", *objects]:
            return ("drop", objects)
        case _:
            return ("unknown",)
for c in ["look", "get sword", "drop a b c", "go north now", ""]:
    print(c, cmd(c))

match 1, 2:
    case 1, x:
        print("top-level", x)
match = 5
print(match)
def match(x):
    return x * 2
print(match(3))
m = {"match": 1}
print(m["match"])
x = [1, 2]
match x:
    case [1, *_]:
        print("starts with 1")
match (3):
    case 3:
        print("paren subject")
