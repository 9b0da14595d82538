/*
 * torch.einsum, computed the way ATen computes it so that values, gradients and error texts
 * agree: the equation is parsed into labels (A-Z, a-z and one ellipsis per operand); every
 * operand is aligned to one dim order (the output's dims, then the contracted ones), with
 * repeated labels taken as diagonals and missing labels unsqueezed; the operands are then
 * contracted left to right, each pair as one batched matrix product after the dims that only
 * one side still carries are summed out. Everything is built from differentiable views and
 * ops (permute, reshape, sum, matmul), so autograd needs nothing of its own here.
 */
#include <string.h>

#include "tc-impl.h"

enum {
    EIN_LETTERS = 26,
    EIN_LABELS = 2 * EIN_LETTERS, /* A-Z are 0..25, a-z 26..51, as ATen numbers them */
    EIN_ELLIPSIS = EIN_LABELS,
    EIN_MAX_SUBS = 64, /* labels kept per operand; more cannot match a tensor's dims */
};

static int label_of(unsigned char c) { return c >= 'a' ? c - 'a' + EIN_LETTERS : c - 'A'; }
static char char_of(int s) { return (char)(s < EIN_LETTERS ? 'A' + s : 'a' + s - EIN_LETTERS); }
static bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Replace *t by r (consumed), dropping the old tensor; -1 when r is NULL. */
static int swap_in(tc_tensor **t, tc_tensor *r) {
    tc_tensor_unref(*t);
    *t = r;
    return r ? 0 : -1;
}

/* Sum t (consumed) over the listed dims, keeping them as size 1. */
static tc_tensor *sum_keep(tc_tensor *t, const int *dims, int n, tc_error *err) {
    tc_tensor *r = n ? tc_reduce(TC_RED_SUM, t, dims, n, true, err) : tc_tensor_ref(t);
    tc_tensor_unref(t);
    return r;
}

/* (left * right).sum(sum_dims, keepdim=True) for operands of equal rank whose summed dims are
 * non-trivial in both, as one bmm: left as [lro, lo, sum], right as [lro, sum, ro] (lro: dims
 * both have, lo/ro: dims only one has), the product viewed back and permuted into place.
 * Borrows left and right; new reference. */
static tc_tensor *sumproduct_pair(tc_tensor *left, tc_tensor *right, const bool *summed, tc_error *err) {
    int nd = left->ndim, lro[TC_MAX_DIMS], lo[TC_MAX_DIMS], ro[TC_MAX_DIMS], sd[TC_MAX_DIMS];
    int nlro = 0, nlo = 0, nro = 0, nsd = 0;
    int64_t lro_size = 1, lo_size = 1, ro_size = 1, sum_size = 1;
    for (int i = 0; i < nd; i++) {
        bool sl = left->shape[i] != 1, sr = right->shape[i] != 1;
        if (summed[i]) {
            sd[nsd++] = i;
            sum_size *= left->shape[i];
        } else if (sl && sr) {
            lro[nlro++] = i;
            lro_size *= left->shape[i];
        } else if (sl) {
            lo[nlo++] = i;
            lo_size *= left->shape[i];
        } else {
            ro[nro++] = i;
            ro_size *= right->shape[i];
        }
    }
    if (nsd == 0) return tc_binary(TC_OP_MUL, left, right, err);
    int lperm[TC_MAX_DIMS], rperm[TC_MAX_DIMS], operm[TC_MAX_DIMS], k = 0;
    int64_t out_size[TC_MAX_DIMS];
    /* left: lro, lo, sum, ro; right: lro, sum, ro, lo; the product: lro, lo, sum (as 1s), ro */
#define EIN_PUT(list, n, size_of)                                                                  \
    for (int q = 0; q < (n); q++, k++) {                                                           \
        out_size[k] = (size_of);                                                                   \
        operm[(list)[q]] = k;                                                                      \
    }
    EIN_PUT(lro, nlro, left->shape[lro[q]])
    EIN_PUT(lo, nlo, left->shape[lo[q]])
    EIN_PUT(sd, nsd, 1)
    EIN_PUT(ro, nro, right->shape[ro[q]])
#undef EIN_PUT
    k = 0;
    memcpy(lperm + k, lro, sizeof(int) * (size_t)nlro), k += nlro;
    memcpy(lperm + k, lo, sizeof(int) * (size_t)nlo), k += nlo;
    memcpy(lperm + k, sd, sizeof(int) * (size_t)nsd), k += nsd;
    memcpy(lperm + k, ro, sizeof(int) * (size_t)nro);
    k = 0;
    memcpy(rperm + k, lro, sizeof(int) * (size_t)nlro), k += nlro;
    memcpy(rperm + k, sd, sizeof(int) * (size_t)nsd), k += nsd;
    memcpy(rperm + k, ro, sizeof(int) * (size_t)nro), k += nro;
    memcpy(rperm + k, lo, sizeof(int) * (size_t)nlo);
    int64_t lshape[3] = {lro_size, lo_size, sum_size}, rshape[3] = {lro_size, sum_size, ro_size};
    tc_tensor *lp = tc_permute(left, lperm, nd, err);
    tc_tensor *l3 = lp ? tc_reshape(lp, lshape, 3, err) : NULL;
    tc_tensor *rp = l3 ? tc_permute(right, rperm, nd, err) : NULL;
    tc_tensor *r3 = rp ? tc_reshape(rp, rshape, 3, err) : NULL;
    tc_tensor *prod = r3 ? tc_matmul(l3, r3, err) : NULL;
    tc_tensor *pv = prod ? tc_view(prod, out_size, nd, err) : NULL;
    tc_tensor *out = pv ? tc_permute(pv, operm, nd, err) : NULL;
    tc_tensor_unref(lp);
    tc_tensor_unref(l3);
    tc_tensor_unref(rp);
    tc_tensor_unref(r3);
    tc_tensor_unref(prod);
    tc_tensor_unref(pv);
    return out;
}

/* The parsed equation. */
typedef struct {
    uint8_t subs[TC_MAX_DIMS][EIN_MAX_SUBS]; /* per operand: labels and EIN_ELLIPSIS */
    int nsubs[TC_MAX_DIMS];
    int label_count[EIN_LABELS];
    int perm_of[EIN_LABELS]; /* a label's dim in the aligned order, -1 if unused */
    int ell_dims;            /* dims the widest ellipsis covers */
    int ell_at;              /* where the ellipsis dims start in the aligned order */
    int out_dims, all_dims;  /* output dims; output and contracted dims */
} ein_plan;

/* Parse the operands' subscripts and the output, checking them as ATen does. */
static int parse(const char *eq, tc_tensor *const *ops, int nops, ein_plan *P, tc_error *err) {
    memset(P, 0, sizeof *P);
    const char *arrow = strstr(eq, "->");
    size_t lhs_len = arrow ? (size_t)(arrow - eq) : strlen(eq);
    int cur = 0;
    bool ell_seen = false;
    for (size_t i = 0; i < lhs_len; i++) {
        unsigned char c = (unsigned char)eq[i];
        if (c == ' ') continue;
        if (c == '.') {
            if (ell_seen)
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "einsum(): found '.' for operand %d for which an ellipsis was already found", cur);
            if (!(i + 2 < lhs_len && eq[i + 1] == '.' && eq[i + 2] == '.'))
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "einsum(): found '.' for operand %d that is not part of any ellipsis", cur);
            i += 2;
            if (P->nsubs[cur] < EIN_MAX_SUBS) P->subs[cur][P->nsubs[cur]] = EIN_ELLIPSIS;
            P->nsubs[cur]++;
            ell_seen = true;
        } else if (c == ',') {
            if (++cur >= nops)
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "einsum(): fewer operands were provided than specified in the equation");
            ell_seen = false;
        } else {
            if (!is_letter(c))
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "einsum(): invalid subscript given at index %zu in the equation string, "
                                    "subscripts must be in [a-zA-Z]", i);
            if (P->nsubs[cur] < EIN_MAX_SUBS) P->subs[cur][P->nsubs[cur]] = (uint8_t)label_of(c);
            P->nsubs[cur]++;
        }
    }
    if (cur != nops - 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "einsum(): more operands were provided than specified in the equation");
    for (int i = 0; i < nops; i++) {
        int nd = ops[i]->ndim, nl = P->nsubs[i];
        bool ell = false;
        for (int j = 0; j < nl && j < EIN_MAX_SUBS; j++) {
            if (P->subs[i][j] == EIN_ELLIPSIS) ell = true;
            else P->label_count[P->subs[i][j]]++;
        }
        if (ell) nl--;
        if (ell ? nl > nd : nl != nd)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "einsum(): the number of subscripts in the equation (%d) %s the number of "
                                "dimensions (%d) for operand %d%s", nl,
                                ell ? "is more than" : "does not match", nd, i, ell ? "" : " and no ellipsis was given");
        if (ell && nd - nl > P->ell_dims) P->ell_dims = nd - nl;
    }
    for (int l = 0; l < EIN_LABELS; l++) P->perm_of[l] = -1;
    int perm = 0;
    bool ell_out = false;
    if (!arrow) { /* implicit output: the ellipsis, then the labels seen once, in label order */
        perm = P->ell_dims;
        ell_out = true;
        for (int l = 0; l < EIN_LABELS; l++)
            if (P->label_count[l] == 1) P->perm_of[l] = perm++;
    } else {
        const char *rhs = arrow + 2;
        size_t n = strlen(rhs);
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)rhs[i];
            if (c == ' ') continue;
            if (c == '.') {
                if (ell_out)
                    return tc_error_set(err, TC_EXC_RUNTIME,
                                        "einsum(): found '.' for output but an ellipsis (...) was already found");
                if (!(i + 2 < n && rhs[i + 1] == '.' && rhs[i + 2] == '.'))
                    return tc_error_set(err, TC_EXC_RUNTIME,
                                        "einsum(): found '.' for output that is not part of any ellipsis (...)");
                i += 2;
                P->ell_at = perm;
                perm += P->ell_dims;
                ell_out = true;
                continue;
            }
            if (!is_letter(c))
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "einsum(): invalid subscript given at index %zu in the equation string, "
                                    "subscripts must be in [a-zA-Z]", lhs_len + 2 + i);
            int l = label_of(c);
            if (P->label_count[l] == 0 || P->perm_of[l] != -1)
                return tc_error_set(err, TC_EXC_RUNTIME, "einsum(): output subscript %c %s", c,
                                    P->perm_of[l] != -1 ? "appears more than once in the output"
                                                        : "does not appear in the equation for any input operand");
            P->perm_of[l] = perm++;
        }
    }
    P->out_dims = perm;
    if (!ell_out) {
        P->ell_at = perm;
        perm += P->ell_dims;
    }
    for (int l = 0; l < EIN_LABELS; l++)
        if (P->label_count[l] > 0 && P->perm_of[l] == -1) P->perm_of[l] = perm++;
    P->all_dims = perm;
    if (perm > TC_MAX_DIMS)
        return tc_error_set(err, TC_EXC_RUNTIME, "einsum(): the equation spans %d dims, more than the %d a tensor may have",
                            perm, TC_MAX_DIMS);
    return 0;
}

/* Operand i aligned to the plan's dim order (diagonals for repeated labels, size-1 dims for
 * missing ones), its sizes checked against those seen before (label_size, ell_size) and
 * counted in dim_counts. New reference, or NULL with err set. */
static tc_tensor *align(const ein_plan *P, int i, tc_tensor *op0, int64_t *label_size, int64_t *ell_size,
                        int *dim_counts, tc_error *err) {
    int perm[TC_MAX_DIMS];
    for (int d = 0; d < P->all_dims; d++) perm[d] = -1;
    tc_tensor *op = tc_tensor_ref(op0);
    int dim = 0;
    for (int j = 0; j < P->nsubs[i]; j++) {
        int s = P->subs[i][j];
        if (s == EIN_ELLIPSIS) {
            int covered = op0->ndim - (P->nsubs[i] - 1);
            for (int e = P->ell_dims - covered; e < P->ell_dims; e++) {
                int64_t n = op->shape[dim];
                if (n != 1) {
                    if (ell_size[e] != 1 && ell_size[e] != n) {
                        tc_error_set(err, TC_EXC_RUNTIME,
                                     "einsum(): dimension %d covered by ellipsis in operand %dhas size %lld which does "
                                     "not broadcast with previously seen ellipsis with size %lld for the respective "
                                     "dimension", dim, i, (long long)n, (long long)ell_size[e]);
                        tc_tensor_unref(op);
                        return NULL;
                    }
                    ell_size[e] = n;
                    dim_counts[P->ell_at + e]++;
                }
                perm[P->ell_at + e] = dim++;
            }
        } else if (perm[P->perm_of[s]] == -1) {
            int64_t n = op->shape[dim];
            if (n != 1) {
                if (label_size[s] != 1 && label_size[s] != n) {
                    tc_error_set(err, TC_EXC_RUNTIME,
                                 "einsum(): subscript %c has size %lld for operand %d which does not broadcast with "
                                 "previously seen size %lld", char_of(s), (long long)n, i, (long long)label_size[s]);
                    tc_tensor_unref(op);
                    return NULL;
                }
                label_size[s] = n;
                dim_counts[P->perm_of[s]]++;
            }
            perm[P->perm_of[s]] = dim++;
        } else { /* a repeated label: its diagonal, moved to where the label first was */
            int prev = perm[P->perm_of[s]];
            if (op->shape[dim] != op->shape[prev]) {
                tc_error_set(err, TC_EXC_RUNTIME,
                             "einsum(): subscript %c is repeated for operand %d but the sizes don't match, %lld != %lld",
                             char_of(s), i, (long long)op->shape[dim], (long long)op->shape[prev]);
                tc_tensor_unref(op);
                return NULL;
            }
            int mv[TC_MAX_DIMS], nd = op->ndim - 1, k = 0;
            for (int d = 0; d < nd; d++) mv[d] = d == prev ? nd - 1 : k++;
            tc_tensor *dg = tc_diagonal(op, 0, prev, dim, err);
            if (swap_in(&op, dg) || swap_in(&op, tc_permute(op, mv, nd, err))) return NULL;
        }
    }
    for (int d = 0; d < P->all_dims; d++)
        if (perm[d] == -1) {
            if (swap_in(&op, tc_unsqueeze(op, dim, err))) return NULL;
            perm[d] = dim++;
        }
    swap_in(&op, tc_permute(op, perm, P->all_dims, err));
    return op;
}

tc_tensor *tc_einsum(const char *equation, tc_tensor *const *ops, int nops, tc_error *err) {
    if (nops <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "einsum(): must provide at least one operand");
        return NULL;
    }
    if (nops > TC_MAX_DIMS) {
        tc_error_set(err, TC_EXC_RUNTIME, "einsum(): more than %d operands", TC_MAX_DIMS);
        return NULL;
    }
    ein_plan P;
    if (parse(equation, ops, nops, &P, err)) return NULL;
    int64_t label_size[EIN_LABELS], ell_size[TC_MAX_DIMS];
    int dim_counts[TC_MAX_DIMS] = {0};
    for (int l = 0; l < EIN_LABELS; l++) label_size[l] = 1;
    for (int e = 0; e < TC_MAX_DIMS; e++) ell_size[e] = 1;
    tc_tensor *al[TC_MAX_DIMS] = {0};
    for (int i = 0; i < nops; i++)
        if (!(al[i] = align(&P, i, ops[i], label_size, ell_size, dim_counts, err))) goto fail;
    /* contract left to right: dims of a pair that no later operand has are summed by the
     * product; dims that only one side of the pair still has are summed first */
    for (int j = 1; j < nops; j++) {
        tc_tensor *a = al[0], *b = al[j];
        bool summed[TC_MAX_DIMS] = {false};
        int asum[TC_MAX_DIMS], bsum[TC_MAX_DIMS], na = 0, nb = 0;
        for (int d = P.out_dims; d < P.all_dims; d++) {
            if (a->shape[d] != 1 && b->shape[d] != 1) {
                if (--dim_counts[d] == 1) {
                    summed[d] = true;
                    dim_counts[d] = 0;
                }
            } else if (dim_counts[d] == 1) {
                if (a->shape[d] != 1) {
                    asum[na++] = d;
                    dim_counts[d] = 0;
                } else if (b->shape[d] != 1) {
                    bsum[nb++] = d;
                    dim_counts[d] = 0;
                }
            }
        }
        al[0] = NULL;
        al[j] = NULL;
        a = sum_keep(a, asum, na, err);
        b = a ? sum_keep(b, bsum, nb, err) : (tc_tensor_unref(b), NULL);
        al[0] = a && b ? sumproduct_pair(a, b, summed, err) : NULL;
        tc_tensor_unref(a);
        tc_tensor_unref(b);
        if (!al[0]) goto fail;
    }
    tc_tensor *r = al[0];
    if (P.all_dims > P.out_dims) {
        if (nops > 1) { /* the contracted dims are all 1 now */
            int64_t sh[TC_MAX_DIMS];
            memcpy(sh, r->shape, sizeof(int64_t) * (size_t)P.out_dims);
            r = tc_reshape(al[0], sh, P.out_dims, err);
        } else {
            int dims[TC_MAX_DIMS], n = 0;
            for (int d = P.out_dims; d < P.all_dims; d++) dims[n++] = d;
            r = tc_reduce(TC_RED_SUM, al[0], dims, n, false, err);
        }
        tc_tensor_unref(al[0]);
    }
    return r;
fail:
    for (int i = 0; i < nops; i++) tc_tensor_unref(al[i]);
    return NULL;
}
