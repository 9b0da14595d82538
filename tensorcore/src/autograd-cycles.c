/*
 * Reference cycles through a gradient's history. backward(create_graph=True) leaves a leaf
 * holding a gradient whose graph holds the leaf again (x -> x.grad -> MulBackward0 -> x),
 * and so does assigning such a gradient to .grad. PyTorch leaks those until the user resets
 * .grad. Here every tensor whose .grad has a graph is tracked, and tc_autograd_collect finds
 * the tracked tensors that only the cycle keeps alive (CPython's trial deletion, restricted to
 * the tensors reachable from the tracked ones) and clears their .grad, which frees the cycle.
 *
 * Edges between tensors are the ones tensorcore owns: .grad, the sparse parts, and a graph
 * node's inputs and saved tensors. References held elsewhere (Python objects, hook contexts,
 * other threads) count as outside references, so a tensor anyone can still reach is kept.
 */
#include <pthread.h>

#include "autograd.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static tc_tensor **tracked;
static size_t ntracked, captracked;

/* Track t when its .grad has a history (called after t->grad changes). */
void tc__cycles_track(tc_tensor *t) {
    if (t->gc_tracked || !t->grad || !t->grad->grad_fn) return;
    pthread_mutex_lock(&lock);
    if (ntracked == captracked) {
        size_t cap = captracked ? captracked * 2 : 16;
        tc_tensor **p = tc__realloc(tracked, cap * sizeof *p);
        if (!p) { /* not tracked: the cycle, if any, stays as in PyTorch */
            pthread_mutex_unlock(&lock);
            return;
        }
        tracked = p;
        captracked = cap;
    }
    tracked[ntracked++] = t;
    t->gc_tracked = true;
    pthread_mutex_unlock(&lock);
}

/* Forget t (it is being freed). */
void tc__cycles_untrack(tc_tensor *t) {
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < ntracked; i++)
        if (tracked[i] == t) {
            tracked[i] = tracked[--ntracked];
            break;
        }
    t->gc_tracked = false;
    pthread_mutex_unlock(&lock);
}

/* The tensors reachable from the tracked ones, with a pointer -> index hash. */
typedef struct {
    tc_tensor **t;
    int *refs;     /* refcount minus references from inside the set */
    bool *alive;
    size_t n, cap;
    size_t *stack, top; /* alive tensors whose edges are still to be followed */
    size_t *slot;  /* index + 1, 0 = empty; nslot is a power of two */
    size_t nslot;
    bool oom;
} tset;

static size_t hash_ptr(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0xed5ad4bbU;
    x ^= x >> 11;
    return (size_t)x;
}

static size_t *find_slot(tset *s, const tc_tensor *t) {
    size_t m = s->nslot - 1;
    for (size_t h = hash_ptr(t) & m;; h = (h + 1) & m)
        if (!s->slot[h] || s->t[s->slot[h] - 1] == t) return &s->slot[h];
}

static bool rehash(tset *s) {
    size_t n = s->nslot ? s->nslot * 2 : 64;
    size_t *slot = tc__calloc(n, sizeof *slot);
    if (!slot) return false;
    tc__free(s->slot);
    s->slot = slot;
    s->nslot = n;
    for (size_t i = 0; i < s->n; i++) *find_slot(s, s->t[i]) = i + 1;
    return true;
}

/* Index of t in the set, adding it when new; -1 when out of memory. */
static long add(tset *s, tc_tensor *t) {
    if ((s->n + 1) * 2 > s->nslot && !rehash(s)) return -1;
    size_t *sl = find_slot(s, t);
    if (*sl) return (long)(*sl - 1);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        tc_tensor **tt = tc__realloc(s->t, cap * sizeof *tt);
        if (!tt) return -1;
        s->t = tt;
        int *rr = tc__realloc(s->refs, cap * sizeof *rr);
        if (!rr) return -1;
        s->refs = rr;
        bool *aa = tc__realloc(s->alive, cap * sizeof *aa);
        if (!aa) return -1;
        s->alive = aa;
        s->cap = cap;
    }
    s->t[s->n] = t;
    s->refs[s->n] = atomic_load_explicit(&t->refcount, memory_order_acquire);
    s->alive[s->n] = false;
    *sl = s->n + 1;
    return (long)s->n++;
}

/* Call f on every tensor t owns a reference to. */
static void each_edge(tc_tensor *t, void (*f)(tset *, tc_tensor *), tset *s) {
    if (t->grad) f(s, t->grad);
    if (t->sp_indices) f(s, t->sp_indices);
    if (t->sp_values) f(s, t->sp_values);
    const tc_grad_node *n = t->grad_fn;
    if (!n) return;
    for (int i = 0; i < n->n; i++)
        if (n->inputs[i]) f(s, n->inputs[i]);
    if (n->before) f(s, n->before);
    if (n->saved) f(s, n->saved);
    for (int i = 0; i < 3; i++)
        if (n->extra[i]) f(s, n->extra[i]);
}

static void visit_add(tset *s, tc_tensor *t) {
    if (add(s, t) < 0) s->oom = true;
}

static void visit_inner_ref(tset *s, tc_tensor *t) {
    s->refs[*find_slot(s, t) - 1]--;
}

static void visit_alive(tset *s, tc_tensor *t) {
    size_t i = *find_slot(s, t) - 1;
    if (!s->alive[i]) {
        s->alive[i] = true;
        s->stack[s->top++] = i;
    }
}

size_t tc_autograd_collect(void) {
    pthread_mutex_lock(&lock);
    size_t nroots = ntracked;
    tc_tensor **roots = nroots ? tc__malloc(nroots * sizeof *roots) : NULL;
    if (roots) {
        memcpy(roots, tracked, nroots * sizeof *roots);
        for (size_t i = 0; i < nroots; i++) tc_tensor_ref(roots[i]); /* kept while we look */
    }
    pthread_mutex_unlock(&lock);
    if (!roots) return 0;

    tset s = {0};
    for (size_t i = 0; i < nroots && !s.oom; i++) visit_add(&s, roots[i]);
    /* breadth first: s.t grows while it is scanned */
    for (size_t i = 0; i < s.n && !s.oom; i++) each_edge(s.t[i], visit_add, &s);
    size_t cleared = 0;
    tc_tensor *dead = NULL;
    if (!s.oom) {
        for (size_t i = 0; i < nroots; i++) s.refs[i]--; /* our own reference above */
        for (size_t i = 0; i < s.n; i++) each_edge(s.t[i], visit_inner_ref, &s);
        /* Whatever an outside reference holds is alive, and so is all it reaches. */
        s.stack = tc__malloc((s.n ? s.n : 1) * sizeof *s.stack);
        if (s.stack) {
            for (size_t i = 0; i < s.n; i++)
                if (s.refs[i] > 0 && !s.alive[i]) {
                    s.alive[i] = true;
                    s.stack[s.top++] = i;
                }
            while (s.top) each_edge(s.t[s.stack[--s.top]], visit_alive, &s);
            /* The garbage roots give up their gradients; that breaks every cycle among them. */
            for (size_t i = 0; i < nroots; i++)
                if (!s.alive[i] && roots[i]->grad) {
                    tc__tensor_drop(roots[i]->grad, &dead);
                    roots[i]->grad = NULL;
                    cleared++;
                }
        }
    }
    tc__free(s.t);
    tc__free(s.refs);
    tc__free(s.alive);
    tc__free(s.slot);
    tc__free(s.stack);
    for (size_t i = 0; i < nroots; i++) tc__tensor_drop(roots[i], &dead);
    tc__free(roots);
    tc__tensor_free_dead(dead);
    return cleared;
}
