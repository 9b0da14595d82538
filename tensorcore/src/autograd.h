/*
 * Autograd graph nodes (private to tensorcore). A node belongs to the tensor it produced
 * (tc_tensor.grad_fn) and holds new references to its input tensors, so the graph stays
 * alive as long as its output does. Names are PyTorch's ("MulBackward0").
 */
#ifndef TENSORCORE_AUTOGRAD_H
#define TENSORCORE_AUTOGRAD_H

#include "tc-impl.h"

struct tc_grad_node {
    const char *name;   /* a static string, or own_name */
    char *own_name;     /* a name given at run time, which the node keeps a copy of; owned */
    tc__gkind kind;
    int n;              /* number of inputs */
    tc_tensor **inputs; /* owned references; entries may be NULL */
    int64_t *versions;  /* the inputs' versions when recorded (in the inputs' block) */
    int64_t out_version; /* the output's version when recorded (or moved onto it) */
    struct tc__version *out_vc; /* the output's counter once the node left it (owned), else NULL */
    tc_tensor *before;  /* the output's history before an in-place write (owned), or NULL */
    int64_t since;      /* the output's first version this node is the history of */
    tc_tensor *saved;   /* owned reference or NULL */
    tc_tensor *extra[3]; /* more saved tensors (linalg nodes); owned or NULL */
    tc__gargs args;
    bool released; /* saved values freed by a backward without retain_graph */
    struct tc_custom_grad *custom; /* TC_G_CUSTOM: the caller's function; owned */
};

/* A TC_G_CUSTOM node's function and the gradients of its last call (one call serves every
 * input: the engine asks input by input with the same output gradient). */
typedef struct tc_custom_grad {
    tc_custom_backward_fn fn;
    void *ctx;
    void (*ctx_free)(void *ctx);
    tc_tensor *for_grad;  /* the output gradient the cached ones answer; owned */
    tc_tensor **grads;    /* n entries, owned, NULL where the function gave None */
    bool have;
} tc_custom_grad;

#endif
