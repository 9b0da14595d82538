/*
 * Intel MKL's vector math (VML), opened at run time when it is installed.
 *
 * PyTorch's CPU build sends float32 and float64 exp, log, log2, log10, sqrt, sin, cos, tan,
 * tanh, asin, acos, atan, erf, erfc and erfinv to MKL's VML in high-accuracy mode
 * (ATen/cpu/vml.h: vm?Xxx with VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE) for every
 * element, contiguous or not (a strided operand is copied into a buffer first). MKL's
 * results are within an ulp but are not correctly rounded and its algorithms are not
 * published, so the only way to PyTorch's bits is MKL itself: with MKL 2024.2 (the version
 * PyTorch 2.15 links) the results agree on every input tried. VML is elementwise and its
 * value for an element does not depend on its neighbours, so the loops here may cut a range
 * wherever they like.
 *
 * Where MKL is missing the unary table's own loops (cpu-loops.c, cpu-vmath.c) run instead;
 * they agree with MKL on most inputs and differ by an ulp on the rest.
 *
 * The same library serves the FFTs (fft-mkl.c looks its DFTI functions up through
 * tc__mkl_sym). PyTorch's MKL runs on GNU OpenMP, and a large transform's result depends on
 * the number of threads it was planned for, so where libgomp can be loaded MKL gets the GNU
 * threading layer with one thread by default (VML calls stay single-threaded under our
 * iterator, as with the sequential layer) and an FFT raises its own thread's count to
 * tc_num_threads() while it plans and runs; without libgomp the sequential layer serves both.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-loops.h"
#include "tensorcore/backend.h"

/* mkl_vml_defines.h */
#define VML_HA 0x00000002
#define VML_ERRMODE_IGNORE 0x00000100
#define VML_FTZDAZ_OFF 0x00140000
#define VML_MODE (VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE)
#define MKL_THREADING_SEQUENTIAL 1 /* mkl_service.h: our iterator does the threading */
#define MKL_THREADING_GNU 3        /* GNU OpenMP, as PyTorch's MKL */
#define MKL_INTERFACE_LP64 0       /* 32-bit MKL_INT, as PyTorch assumes */

/* vms<Name>(n, a, r, mode) / vmd<Name>: r[i] = f(a[i]) for i < n */
typedef void (*vml_fn)(int n, const void *a, void *r, long long mode);

/* X(name, MKL's name, unary op) */
#define VML_FUNCS(X)                                                                          \
    X(exp, Exp, EXP) X(log, Ln, LOG) X(log2, Log2, LOG2) X(log10, Log10, LOG10)               \
    X(sqrt, Sqrt, SQRT) X(sin, Sin, SIN) X(cos, Cos, COS) X(tan, Tan, TAN) X(tanh, Tanh, TANH) \
    X(asin, Asin, ASIN) X(acos, Acos, ACOS) X(atan, Atan, ATAN) X(erf, Erf, ERF)              \
    X(erfc, Erfc, ERFC) X(erfinv, ErfInv, ERFINV)

enum {
#define VML_ENUM(name, mkl, uop) VML_##name,
    VML_FUNCS(VML_ENUM)
#undef VML_ENUM
        VML_COUNT
};

static vml_fn vml_f32[VML_COUNT], vml_f64[VML_COUNT];
static pthread_once_t vml_once = PTHREAD_ONCE_INIT;
static void *mkl_lib;      /* the opened library, NULL when MKL is not used */
static bool mkl_omp;       /* on the GNU OpenMP threading layer */

#ifndef TC_MKL_PATH
#define TC_MKL_PATH "libmkl_rt.so.2"
#endif

/* TK_MKL_LIB names the library (empty: never use MKL); otherwise the one found at build
 * time (the project's .venv), the system's search path, then the active virtual
 * environment's lib directory (where `pip install mkl` puts it). All fifteen functions of
 * both types must be there, or none is used. */
static void vml_open(void) {
    const char *env = getenv("TK_MKL_LIB");
    if (env && !*env) return;
    char venv[4096] = "";
    const char *ve = getenv("VIRTUAL_ENV");
    if (ve && strlen(ve) < sizeof venv - 32) {
        strcpy(venv, ve);
        strcat(venv, "/lib/libmkl_rt.so.2");
    }
    const char *names[] = {env, TC_MKL_PATH, "libmkl_rt.so.2", venv[0] ? venv : NULL};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (!names[i]) continue;
        void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        void *layer = dlsym(h, "MKL_Set_Threading_Layer");
        void *iface = dlsym(h, "MKL_Set_Interface_Layer");
        vml_fn f[VML_COUNT], d[VML_COUNT];
        int ok = layer && iface;
#define VML_SYM(name, mkl, uop)                                \
    {                                                       \
        void *ps = dlsym(h, "vms" #mkl), *pd = dlsym(h, "vmd" #mkl); \
        ok = ok && ps && pd;                                \
        if (ok) {                                           \
            memcpy(&f[VML_##name], &ps, sizeof ps);         \
            memcpy(&d[VML_##name], &pd, sizeof pd);         \
        }                                                   \
    }
        VML_FUNCS(VML_SYM)
#undef VML_SYM
        if (!ok) {
            dlclose(h);
            continue;
        }
        int (*set_layer)(int), (*set_iface)(int);
        memcpy(&set_layer, &layer, sizeof layer);
        memcpy(&set_iface, &iface, sizeof iface);
        set_iface(MKL_INTERFACE_LP64);
        void *nthr = dlsym(h, "MKL_Set_Num_Threads");
        /* OpenMP's idle workers spin briefly and then sleep, as our pool's helpers do
         * (backend.c's HELPER_SPINS), unless the user chose: libgomp's default of 300,000
         * spins makes a threaded FFT several times slower on a loaded machine. It reads the
         * variable when it loads, which is next (and it stays loaded: MKL's GNU layer
         * links it). */
        if (!getenv("OMP_WAIT_POLICY")) setenv("GOMP_SPINCOUNT", "4000", 0);
        if (nthr && dlsym(h, "MKL_Set_Num_Threads_Local") && dlopen("libgomp.so.1", RTLD_NOW | RTLD_LOCAL) &&
            set_layer(MKL_THREADING_GNU) == MKL_THREADING_GNU) {
            void (*set_nthr)(int);
            memcpy(&set_nthr, &nthr, sizeof nthr);
            set_nthr(1);
            mkl_omp = true;
        } else {
            set_layer(MKL_THREADING_SEQUENTIAL);
        }
        mkl_lib = h;
        memcpy(vml_f32, f, sizeof f);
        memcpy(vml_f64, d, sizeof d);
        return;
    }
}

bool tc__vml_available(void) {
    pthread_once(&vml_once, vml_open);
    return vml_f32[0] != NULL;
}

bool tc_backend_cpu_has_mkl(void) { return tc__vml_available(); }

void *tc__mkl_sym(const char *name, bool *omp) {
    pthread_once(&vml_once, vml_open);
    if (omp) *omp = mkl_omp;
    return mkl_lib ? dlsym(mkl_lib, name) : NULL;
}

/* One run through VML: contiguous operands directly (in pieces MKL_INT can count), strided
 * ones staged through a block on the stack. */
static void vml_run(vml_fn f, size_t es, char **p, const int64_t *s, int64_t n) {
    if (s[0] == (int64_t)es && s[1] == (int64_t)es) {
        for (int64_t i0 = 0; i0 < n; i0 += 1 << 30) {
            int m = (int)(n - i0 < (1 << 30) ? n - i0 : 1 << 30);
            f(m, p[1] + i0 * (int64_t)es, p[0] + i0 * (int64_t)es, VML_MODE);
        }
        return;
    }
    double in[256], out[256];
    int64_t blk = (int64_t)(sizeof in / es);
    for (int64_t i0 = 0; i0 < n; i0 += blk) {
        int64_t m = n - i0 < blk ? n - i0 : blk;
        for (int64_t i = 0; i < m; i++) memcpy((char *)in + i * es, p[1] + (i0 + i) * s[1], es);
        f((int)m, in, out, VML_MODE);
        for (int64_t i = 0; i < m; i++) memcpy(p[0] + (i0 + i) * s[0], (char *)out + i * es, es);
    }
}

#define VML_LOOPS(name, mkl, uop)                                                             \
    static int vml_##name##_f32(char **p, const int64_t *s, int64_t n, const void *extra) {  \
        (void)extra;                                                                         \
        vml_run(vml_f32[VML_##name], 4, p, s, n);                                            \
        return 0;                                                                            \
    }                                                                                        \
    static int vml_##name##_f64(char **p, const int64_t *s, int64_t n, const void *extra) {  \
        (void)extra;                                                                         \
        vml_run(vml_f64[VML_##name], 8, p, s, n);                                            \
        return 0;                                                                            \
    }
VML_FUNCS(VML_LOOPS)
#undef VML_LOOPS

tc__loop_fn tc__vml_loop(tc_unary_op op, tc_dtype dt) {
    if (dt != TC_DTYPE_F32 && dt != TC_DTYPE_F64) return NULL;
    switch (op) { /* (MKL is opened by the first op it serves, not by any unary op) */
#define VML_CASE(name, mkl, uop) \
    case TC_UOP_##uop: return !tc__vml_available() ? NULL : dt == TC_DTYPE_F32 ? vml_##name##_f32 : vml_##name##_f64;
        VML_FUNCS(VML_CASE)
#undef VML_CASE
    default: return NULL;
    }
}
