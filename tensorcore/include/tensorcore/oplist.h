/*
 * The op lists: one X-macro row per elementwise and reduction op, from which tensorcore
 * derives the enums, the PyTorch names, the autograd node names and gradient kinds, and the
 * CUDA backend derives its kernel switch (gpu/cuda/kernels.cu). A new op is one row here;
 * every table built from a list then needs its entry for the op or fails to compile.
 * Plain C with no atomics so that nvcc can include it (tensor.h it cannot).
 *
 * Columns: X(ID, PyTorch name, autograd node name ("" = not differentiable), gradient kind)
 * where the gradient kind names tensorcore's TC_G_<kind> (tc-impl.h); ZERO means no node is
 * recorded (non-differentiable or integer/bool results), ZEROGRAD a node whose gradient is
 * zero (floor, ceil, round, sign).
 */
#ifndef TENSORCORE_OPLIST_H
#define TENSORCORE_OPLIST_H

// clang-format off
#define TC_BINARY_OP_LIST(X)                                                                  \
    X(ADD, "add", "AddBackward0", ADD)                                                        \
    X(SUB, "sub", "SubBackward0", SUB)                                                        \
    X(MUL, "mul", "MulBackward0", MUL)                                                        \
    X(DIV, "div", "DivBackward0", DIV)                                                        \
    X(FLOOR_DIV, "floor_divide", "", ZERO)                                                    \
    X(REM, "remainder", "", ZERO)                                                             \
    X(POW, "pow", "PowBackward1", POW_T)                                                      \
    X(MAXIMUM, "maximum", "MaximumBackward0", MAXIMUM)                                        \
    X(MINIMUM, "minimum", "MinimumBackward0", MINIMUM)                                        \
    X(EQ, "eq", "", ZERO) X(NE, "ne", "", ZERO)                                               \
    X(LT, "lt", "", ZERO) X(LE, "le", "", ZERO)                                               \
    X(GT, "gt", "", ZERO) X(GE, "ge", "", ZERO)                                               \
    X(LOGICAL_AND, "logical_and", "", ZERO)                                                   \
    X(LOGICAL_OR, "logical_or", "", ZERO)                                                     \
    X(BITAND, "bitwise_and", "", ZERO)                                                        \
    X(BITOR, "bitwise_or", "", ZERO)                                                          \
    X(BITXOR, "bitwise_xor", "", ZERO)                                                        \
    X(ATAN2, "atan2", "Atan2Backward0", ATAN2)                                                \
    X(FMOD, "fmod", "FmodBackward0", FMOD)                                                    \
    X(HYPOT, "hypot", "HypotBackward0", HYPOT)

#define TC_UNARY_OP_LIST(X)                                                                   \
    X(NEG, "neg", "NegBackward0", NEG)                                                        \
    X(ABS, "abs", "AbsBackward0", ABS)                                                        \
    X(EXP, "exp", "ExpBackward0", EXP)                                                        \
    X(LOG, "log", "LogBackward0", LOG)                                                        \
    X(SQRT, "sqrt", "SqrtBackward0", SQRT)                                                    \
    X(RELU, "relu", "ReluBackward0", RELU)                                                    \
    X(SIGMOID, "sigmoid", "SigmoidBackward0", SIGMOID)                                        \
    X(TANH, "tanh", "TanhBackward0", TANH)                                                    \
    X(LOGICAL_NOT, "logical_not", "", ZERO)                                                   \
    X(SIN, "sin", "SinBackward0", SIN)                                                        \
    X(COS, "cos", "CosBackward0", COS)                                                        \
    X(FLOOR, "floor", "FloorBackward0", ZEROGRAD)                                             \
    X(CEIL, "ceil", "CeilBackward0", ZEROGRAD)                                                \
    X(ROUND, "round", "RoundBackward0", ZEROGRAD)                                             \
    X(SIGN, "sign", "SignBackward0", ZEROGRAD)                                                \
    X(RSQRT, "rsqrt", "RsqrtBackward0", RSQRT)                                                \
    X(LOG2, "log2", "Log2Backward0", LOG2)                                                    \
    X(LOG10, "log10", "Log10Backward0", LOG10)                                                \
    X(SQUARE, "square", "PowBackward0", SQUARE)                                               \
    X(RECIPROCAL, "reciprocal", "ReciprocalBackward0", RECIPROCAL)                            \
    X(ASIN, "asin", "AsinBackward0", UFUNC)                                                   \
    X(ACOS, "acos", "AcosBackward0", UFUNC)                                                   \
    X(ATAN, "atan", "AtanBackward0", UFUNC)                                                   \
    X(SINH, "sinh", "SinhBackward0", UFUNC)                                                   \
    X(COSH, "cosh", "CoshBackward0", UFUNC)                                                   \
    X(TAN, "tan", "TanBackward0", UFUNC)                                                      \
    X(LOG1P, "log1p", "Log1PBackward0", UFUNC)                                                \
    X(EXPM1, "expm1", "Expm1Backward0", UFUNC)                                                \
    X(ERF, "erf", "ErfBackward0", UFUNC)                                                      \
    X(ERFC, "erfc", "ErfcBackward0", UFUNC)                                                   \
    X(ERFINV, "erfinv", "ErfinvBackward0", UFUNC)                                             \
    X(ASINH, "asinh", "AsinhBackward0", UFUNC)                                                \
    X(ACOSH, "acosh", "AcoshBackward0", UFUNC)                                                \
    X(ATANH, "atanh", "AtanhBackward0", UFUNC)                                                \
    X(EXP2, "exp2", "Exp2Backward0", UFUNC)                                                   \
    X(LGAMMA, "lgamma", "LgammaBackward0", UFUNC)                                             \
    X(DIGAMMA, "digamma", "DigammaBackward0", UFUNC)                                          \
    X(SILU, "silu", "SiluBackward0", UFUNC)                                                   \
    X(GELU, "gelu", "GeluBackward0", UFUNC)                                                   \
    X(SOFTPLUS, "softplus", "SoftplusBackward0", UFUNC)                                       \
    X(ELU, "elu", "EluBackward0", UFUNC)                                                      \
    X(SELU, "selu", "EluBackward0", UFUNC)                                                    \
    X(MISH, "mish", "MishBackward0", UFUNC)                                                   \
    X(LOG_SIGMOID, "log_sigmoid", "LogSigmoidBackward0", UFUNC)                               \
    X(GELU_TANH, "gelu_tanh", "GeluBackward0", UFUNC)

/* Reductions: X(ID, PyTorch name, autograd node name). Their gradients are one kind per
 * family in reduce.c. */
#define TC_REDUCE_OP_LIST(X)                                                                  \
    X(SUM, "sum", "SumBackward0") X(MEAN, "mean", "MeanBackward0")                            \
    X(PROD, "prod", "ProdBackward0") X(MAX, "max", "MaxBackward1")                            \
    X(MIN, "min", "MinBackward1") X(ARGMAX, "argmax", "")                                     \
    X(ARGMIN, "argmin", "") X(ALL, "all", "") X(ANY, "any", "")
// clang-format on

typedef enum tc_binary_op {
#define TC__BIN_ENUM(id, name, bw, gk) TC_OP_##id,
    TC_BINARY_OP_LIST(TC__BIN_ENUM)
#undef TC__BIN_ENUM
    TC_BINARY_OP_COUNT
} tc_binary_op;

typedef enum tc_unary_op {
#define TC__UN_ENUM(id, name, bw, gk) TC_UOP_##id,
    TC_UNARY_OP_LIST(TC__UN_ENUM)
#undef TC__UN_ENUM
    TC_UNARY_OP_COUNT
} tc_unary_op;

typedef enum tc_reduce_op {
#define TC__RED_ENUM(id, name, bw) TC_RED_##id,
    TC_REDUCE_OP_LIST(TC__RED_ENUM)
#undef TC__RED_ENUM
    TC_REDUCE_OP_COUNT
} tc_reduce_op;

#endif
