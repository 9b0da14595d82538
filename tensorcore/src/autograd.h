/*
 * Autograd graph nodes (private to tensorcore). A node belongs to the tensor it produced
 * (tc_tensor.grad_fn) and holds new references to its input tensors, so the graph stays
 * alive as long as its output does. Names are PyTorch's ("MulBackward0").
 */
#ifndef TENSORCORE_AUTOGRAD_H
#define TENSORCORE_AUTOGRAD_H

#include "tc-impl.h"

struct tc_grad_node {
    const char *name;
    tc__gkind kind;
    int n;              /* number of inputs */
    tc_tensor **inputs; /* owned references; entries may be NULL */
    tc_tensor *saved;   /* owned reference or NULL */
    tc_tensor *extra[3]; /* more saved tensors (linalg nodes); owned or NULL */
    tc__gargs args;
    bool released; /* saved values freed by a backward without retain_graph */
};

#endif
