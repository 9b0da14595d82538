/*
 * Tables of typed CPU inner loops (cpu-loops.c), indexed by op and dtype; NULL where a
 * dtype has no native loop (float16/bfloat16 go through float32, unsupported pairs).
 */
#ifndef TENSORCORE_CPU_LOOPS_H
#define TENSORCORE_CPU_LOOPS_H

#include "cpu-iter.h"

/* Operands: out, a, b; a and b share the compute dtype. */
extern tc__loop_fn tc__binary_loops[TC_BINARY_OP_COUNT][TC_DTYPE_COUNT];
/* Operands: out, a. */
extern tc__loop_fn tc__unary_loops[TC_UNARY_OP_COUNT][TC_DTYPE_COUNT];
/* [from][to]; operands: out, a. */
extern tc__loop_fn tc__cast_loops[TC_DTYPE_COUNT][TC_DTYPE_COUNT];

/* Intel MKL's vector math (cpu-mkl.c), PyTorch's own for exp, log, sqrt, the trigonometric
 * functions, tanh and erf: whether it could be opened (the first call tries), and the loop
 * for op and dtype (float32/float64), NULL when MKL is absent or lacks the function. */
bool tc__vml_available(void);
/* A function of the opened MKL (NULL without it); *omp (if given) is set when MKL runs on
 * GNU OpenMP and may be given threads (mkl_set_num_threads_local), false when sequential. */
void *tc__mkl_sym(const char *name, bool *omp);
tc__loop_fn tc__vml_loop(tc_unary_op op, tc_dtype dt);
/* The loop the CPU backend runs op with on dt (float16/bfloat16 excepted): MKL's where it
 * serves the op, else the table's; NULL when neither has one (cpu-backend.c). */
tc__loop_fn tc__cpu_unary_loop(tc_unary_op op, tc_dtype dt);

/* PyTorch's calc_digamma (ATen/native/Math.h) for each float type, as torch.special.digamma
 * computes it (special.c): torch.digamma is the same op. */
double tc__digamma_F64(double x);
float tc__digamma_F32(float x);

/* float32 exp, tanh, sigmoid, sin and cos, vectorised (cpu-vmath.c). */
int tc__exp_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__tanh_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__sigmoid_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__sin_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__cos_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* float32 log, log2, log10 (computed in double, rounded once), log1p and expm1 (SLEEF's);
 * float64 sigmoid as PyTorch's vectorised and scalar loops compute it (cpu-vmath.c). */
int tc__log_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__log2_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__log10_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__log1p_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__expm1_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__sigmoid_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* atan2 as PyTorch's vectorised loop (SLEEF) and scalar tail compute it; operands: out, a, b */
int tc__atan2_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__atan2_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* hypot the same way (SLEEF's hypot u05 in the vectorised lanes, the C library's in the tail) */
int tc__hypot_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__hypot_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* pow the same way (SLEEF's pow in the vectorised lanes, the C library's in the tail) */
int tc__pow_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__pow_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* lerp with PyTorch's fused multiply-adds; operands: out, a (start), b (end), w (weight) */
int tc__lerp_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__lerp_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* sqrt and rsqrt (1 / sqrt x), correctly rounded, vectorised */
int tc__sqrt_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__rsqrt_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__sqrt_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__rsqrt_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* exp2 and atanh: SLEEF's in the vectorised lanes, the C library's in the scalar loop */
int tc__exp2_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__exp2_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__atanh_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__atanh_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* silu, gelu (and with its tanh approximation), softplus, elu, selu, mish and log_sigmoid with
 * torch.nn.functional's default parameters, as ATen's activation kernels compute them
 * (cpu-vmath.c) */
#define TC__ACT_LOOPS(X) X(silu) X(gelu) X(gelu_tanh) X(softplus) X(elu) X(selu) X(mish) X(log_sigmoid)
#define TC__ACT_DECL(name)                                                              \
    int tc__##name##_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra); \
    int tc__##name##_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
TC__ACT_LOOPS(TC__ACT_DECL)
#undef TC__ACT_DECL
/* Their gradients, gi = g times the derivative at x, over n contiguous float (f64 0) or
 * double (1) values, as ATen's vectorised backward kernels compute them, in parallel; g holds
 * n values (gs 1) or one for all (gs 0, a broadcast gradient, never written out whole) */
#define TC__ACT_GRAD_DECL(name) \
    void tc__##name##_backward(void *gi, const void *g, int64_t gs, const void *x, int64_t n, bool f64);
TC__ACT_LOOPS(TC__ACT_GRAD_DECL)
#undef TC__ACT_GRAD_DECL
/* gelu_tanh's, whose scalar loop in PyTorch differs from its lanes, as PyTorch computes strided
 * operands (tc__gelu_tanh_backward: contiguous ones) */
void tc__gelu_tanh_backward_lib(void *gi, const void *g, int64_t gs, const void *x, int64_t n, bool f64);
/* The piecewise activations of torch.nn.functional (leaky_relu with slope p0, hardtanh with
 * bounds p0 and p1, hardsigmoid, hardswish, threshold p0 with value p1) and the gradients of
 * simple form (theirs at the input; tanh's, sigmoid's and relu's at the output), as ATen's
 * CPU kernels compute them
 * (cpu-vmath.c). The loops take extra = const tc__pact *: out, x for an activation; gi, g, x
 * (or the output) for a gradient. */
typedef enum tc__pact_kind {
    TC__PACT_LEAKY_RELU, TC__PACT_HARDTANH, TC__PACT_HARDSIGMOID, TC__PACT_HARDSWISH,
    TC__PACT_THRESHOLD, /* as tc_act's */
    TC__PACT_TANH, TC__PACT_SIGMOID, TC__PACT_RELU /* gradients only */
} tc__pact_kind;
typedef struct tc__pact {
    int kind; /* tc__pact_kind */
    double p0, p1;
} tc__pact;
int tc__pact_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__pact_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__pact_grad_f32_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__pact_grad_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
/* float64 tanh, sinh, cosh, expm1, log10 and log1p with SLEEF's double-double kernels
 * (cpu-vmath-dd.h) */
int tc__tanh_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__expm1_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__log10_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__log1p_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__sinh_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);
int tc__cosh_f64_loop(char **p, const int64_t *s, int64_t n, const void *extra);

#endif
