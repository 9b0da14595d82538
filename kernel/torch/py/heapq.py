"""Heap queues (the heapq module) on plain lists: heap[k] <= heap[2k+1] and heap[2k+2].

The list operations move items exactly as CPython 3.11's heapq does (the same comparisons
in the same order), so a heap built here holds its items in CPython's order; merge,
nsmallest and nlargest give CPython's results, ties in input order."""

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def _need_list(heap, func, what='argument 1'):
    if not isinstance(heap, list):
        raise TypeError('%s() %s must be list, not %s' % (func, what, type(heap).__name__))


# ---- moving one item in a min-heap -------------------------------------------------------

def _rise(heap, top, at):
    """The item at index `at` climbs towards index `top` while it is smaller than its parent."""
    item = heap[at]
    while at > top:
        up = (at - 1) >> 1
        if not item < heap[up]:
            break
        heap[at] = heap[up]
        at = up
    heap[at] = item


def _sink(heap, at):
    """Refill index `at` (whose subtrees are heaps): the smaller child moves up level by level
    to a leaf, and the item that was at `at` then climbs back from that leaf. This costs fewer
    comparisons than stopping at the item's place on the way down."""
    size = len(heap)
    top = at
    item = heap[at]
    child = 2 * at + 1
    while child < size:
        other = child + 1
        if other < size and not heap[child] < heap[other]:
            child = other
        heap[at] = heap[child]
        at = child
        child = 2 * at + 1
    heap[at] = item
    _rise(heap, top, at)


# ---- the same for a max-heap (merge(reverse=True), nlargest's short cuts) -----------------

def _rise_max(heap, top, at):
    item = heap[at]
    while at > top:
        up = (at - 1) >> 1
        if not heap[up] < item:
            break
        heap[at] = heap[up]
        at = up
    heap[at] = item


def _sink_max(heap, at):
    size = len(heap)
    top = at
    item = heap[at]
    child = 2 * at + 1
    while child < size:
        other = child + 1
        if other < size and not heap[other] < heap[child]:
            child = other
        heap[at] = heap[child]
        at = child
        child = 2 * at + 1
    heap[at] = item
    _rise_max(heap, top, at)


def _build_max(items):
    for at in range(len(items) // 2 - 1, -1, -1):
        _sink_max(items, at)


# ---- the public operations ----------------------------------------------------------------

def heappush(heap, item):
    """Push item onto heap, maintaining the heap invariant."""
    _need_list(heap, 'heappush')
    heap.append(item)
    _rise(heap, 0, len(heap) - 1)


def heappop(heap):
    """Pop the smallest item off the heap, maintaining the heap invariant."""
    _need_list(heap, 'heappop', 'argument')
    if not heap:
        raise IndexError('index out of range')
    last = heap.pop()
    if not heap:
        return last
    smallest = heap[0]
    heap[0] = last
    _sink(heap, 0)
    return smallest


def heapreplace(heap, item):
    """Pop and return the current smallest value, and add the new item.

    This is more efficient than heappop() followed by heappush(), and can be
    more appropriate when using a fixed-size heap.  Note that the value
    returned may be larger than item!"""
    _need_list(heap, 'heapreplace')
    if not heap:
        raise IndexError('index out of range')
    smallest = heap[0]
    heap[0] = item
    _sink(heap, 0)
    return smallest


def heappushpop(heap, item):
    """Fast version of a heappush followed by a heappop."""
    _need_list(heap, 'heappushpop')
    if not heap or not heap[0] < item:
        return item
    smallest = heap[0]
    heap[0] = item
    _sink(heap, 0)
    return smallest


def heapify(x):
    """Transform list into a heap, in-place, in O(len(x)) time."""
    _need_list(x, 'heapify', 'argument')
    # every index from the last one with a child back to the root
    for at in range(len(x) // 2 - 1, -1, -1):
        _sink(x, at)


def merge(*iterables, key=None, reverse=False):
    '''Merge multiple sorted inputs into a single sorted output.

    >>> list(merge([1,3,5,7], [0,2,4,8], [5,10,15,20], [], [25]))
    [0, 1, 2, 3, 4, 5, 5, 7, 8, 10, 15, 20, 25]

    If *key* is not None, applies a key function to each element to determine
    its sort order.'''
    # one entry per input still running: [sort key, rank, value, iterator]; the rank (the
    # input's position, negated for a max-heap) breaks ties so equal keys come out in input
    # order and values are never compared themselves
    sign = -1 if reverse else 1
    heads = []
    for position, source in enumerate(iterables):
        source = iter(source)
        for value in source:
            heads.append([value if key is None else key(value), position * sign, value, source])
            break
    if reverse:
        _build_max(heads)
        settle = _sink_max
    else:
        for at in range(len(heads) // 2 - 1, -1, -1):
            _sink(heads, at)
        settle = _sink
    while len(heads) > 1:
        head = heads[0]
        yield head[2]
        source = head[3]
        for value in source:
            head[0] = value if key is None else key(value)
            head[2] = value
            settle(heads, 0)
            break
        else:  # that input is done: the last entry takes its place
            last = heads.pop()
            if heads:
                heads[0] = last
                settle(heads, 0)
    if heads:  # one input left: the rest of it as it comes
        yield heads[0][2]
        yield from heads[0][3]


def nsmallest(n, iterable, key=None):
    """Find the n smallest elements in a dataset.

    Equivalent to:  sorted(iterable, key=key)[:n]
    """
    if n == 1:
        missing = object()
        best = min(iter(iterable), default=missing, key=key)
        return [] if best is missing else [best]
    if n <= 0:
        return []
    return sorted(iterable, key=key)[:n]


def nlargest(n, iterable, key=None):
    """Find the n largest elements in a dataset.

    Equivalent to:  sorted(iterable, key=key, reverse=True)[:n]
    """
    if n == 1:
        missing = object()
        best = max(iter(iterable), default=missing, key=key)
        return [] if best is missing else [best]
    if n <= 0:
        return []
    return sorted(iterable, key=key, reverse=True)[:n]
