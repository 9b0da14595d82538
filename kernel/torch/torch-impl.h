/*
 * Private interface shared by the torch/numpy binding files (kernel/torch/). Nothing here
 * is seen outside this folder: the public surface is kernel/torch/tensor_obj.h (the
 * Tensor/ndarray types and the kn_mod_torch_init / kn_mod_numpy_init entry points).
 *
 * Ownership as in object.h: kn_obj* results are new references unless marked borrowed;
 * tc_tensor* results are new references; arguments are borrowed unless marked "steals".
 */
#ifndef KN_TORCH_IMPL_H
#define KN_TORCH_IMPL_H

#include "kernel/torch/tensor_obj.h"
#include "tensorcore/backend.h"
#include "tensorcore/format.h"

/* A Tensor or ndarray value. 'owndata' is NumPy's OWNDATA flag for ndarrays. */
typedef struct kn_tensor_obj {
    kn_obj base;
    tc_tensor *t;
    bool owndata;
    bool conj; /* made by conj() of a complex tensor: PyTorch's conjugate bit (tensor_complex.c) */
} kn_tensor_obj;

/* torch.dtype and numpy dtype objects share this layout. */
typedef struct kn__dtype_val {
    kn_obj base;
    tc_dtype dt;
} kn__dtype_val;

/* A method or module function: name, C function, signature and first docstring line. */
typedef struct kn__fn {
    const char *name;
    kn_cfunc fn;
    const char *sig;
    const char *doc;
} kn__fn;

/* Find 'name' in a NULL-terminated table (NULL when absent). */
const kn__fn *kn__fn_find(const kn__fn *table, const char *name);
/* Add every function of a table to a module, unbound. */
int kn__module_add_fns(kn_obj *module, const kn__fn *table, kn_err *err);
/* Append the names of a table to a dir() list. */
int kn__dir_add_fns(kn_obj *list, const kn__fn *table);
int kn__dir_add_names(kn_obj *list, const char *const *names);

/* ---- value types (torch_types.c) ------------------------------------------------------ */

extern const kn_type kn__type_dtype, kn__type_device, kn__type_size, kn__type_layout, kn__type_memory_format,
    kn__type_return_types, kn__type_grad_fn,
    kn__type_tensor_iter;

kn_obj *kn__dtype_obj(tc_dtype dt);       /* borrowed singleton */
bool kn__is_dtype(const kn_obj *o, tc_dtype *out);
/* A torch.device; index -1 when none was given ("cuda"). */
kn_obj *kn__device_new(tc_device_type type, int index);
kn_obj *kn__device_of(tc_device d);       /* the device of a tensor ("cuda:0") */
kn_obj *kn__size_new(const int64_t *dims, int n);
bool kn__is_size(const kn_obj *o);
/* The dims of a torch.Size (borrowed pointer into o); count in *n. */
const int64_t *kn__size_dims(const kn_obj *o, int *n);
kn_obj *kn__layout_obj(tc_layout l);      /* borrowed singleton */
/* torch.memory_format: contiguous_format, channels_last (NHWC order of a 4-D tensor),
 * channels_last_3d (NDHWC of a 5-D one), preserve_format. */
typedef enum { KN_MF_CONTIGUOUS, KN_MF_CHANNELS_LAST, KN_MF_CHANNELS_LAST_3D, KN_MF_PRESERVE, KN_MF_COUNT } kn_mf;
kn_obj *kn__memory_format_obj(kn_mf f); /* borrowed singleton */
/* The memory_format argument o of fname (dflt when absent or None), or -1 with PyTorch's
 * TypeError. */
int kn__memory_format_arg(kn_obj *o, const char *fname, kn_mf dflt, kn_err *err);
/* Is t laid out in format f (t.is_contiguous(memory_format=f))? */
bool kn__is_contiguous_as(const tc_tensor *t, kn_mf f);
/* The dims of an ndim-dim tensor in format f's layout (KN_MF_PRESERVE: model's stride order,
 * dense or not, when that is not row-major), outermost first, into order: 1, or 0 for row-major,
 * or -1 with PyTorch's error (the rank a format needs). */
int kn__memory_order(int ndim, kn_mf f, const tc_tensor *model, int *order, kn_err *err);
/* t with its elements laid out in format f (the order kn__memory_order gives; model NULL:
 * t): t itself (a new reference) when it is
 * already, else a copy that records autograd; copy forces a new tensor. NULL with PyTorch's
 * error (the rank a format needs). */
tc_tensor *kn__in_memory_format(tc_tensor *t, kn_mf f, const tc_tensor *model, bool copy, kn_err *err);
/* torch.return_types.<name>(values, indices); steals both. */
kn_obj *kn__return_types_new(const char *name, kn_obj *values, kn_obj *indices);
/* The same with other field names (aminmax: "min", "max"); steals both values. */
kn_obj *kn__return_types_named(const char *name, const char *f0, kn_obj *values, const char *f1,
                               kn_obj *indices);
/* torch.return_types.<name> with n (1..4) named fields; steals the n values (all of
 * them, also on failure; a NULL value fails). */
kn_obj *kn__return_types_n(const char *name, int n, const char *const *fields, kn_obj *const *values);
kn_obj *kn__grad_fn_new(tc_tensor *t);
/* An iterator over dim 0 of a Tensor or ndarray. */
kn_obj *kn__tensor_iter_new(kn_obj *src, kn_err *err);

/* ---- numpy values (ndarray.c) ---------------------------------------------------------- */

extern const kn_type kn__np_scalar_types[TC_DTYPE_COUNT]; /* numpy.float32, numpy.int64, ... */
/* The abstract classes above them (numpy.generic, numpy.integer, ...), indexed so. */
enum {
    KN__NP_GENERIC, KN__NP_NUMBER, KN__NP_INTEGER, KN__NP_SIGNED, KN__NP_UNSIGNED,
    KN__NP_INEXACT, KN__NP_FLOATING, KN__NP_COMPLEX, KN__NP_ABSTRACT_COUNT
};
extern const kn_type kn__np_abstract_types[KN__NP_ABSTRACT_COUNT];
extern const kn_type kn__type_np_dtype, kn__type_np_flags;
/* A NumPy scalar of dtype dt read from p. */
kn_obj *kn__np_scalar_new(const void *p, tc_dtype dt, kn_err *err);
bool kn__is_np_scalar(const kn_obj *o, tc_dtype *dt);
kn_obj *kn__np_dtype_obj(tc_dtype dt);    /* borrowed singleton */
/* An ndarray over a fresh view of t's memory (t borrowed); owndata as NumPy's flag. */
kn_obj *kn__ndarray_view(tc_tensor *t, bool owndata, kn_err *err);
/* ndarray result of an operation: a 0-d result becomes a NumPy scalar. Steals r. */
kn_obj *kn__ndarray_result(tc_tensor *r, kn_err *err);
kn_obj *kn__ndarray_getattr(kn_obj *self, const char *name, kn_err *err);
/* NumPy 2 promotion of two array dtypes (int32 with float32 is float64). */
tc_dtype kn__np_promote(tc_dtype a, tc_dtype b);

/* ---- argument helpers (torch_args.c) ---------------------------------------------------- */

/* kn_args_bind with PyTorch's NumPy names: 'axis' binds a parameter named 'dim' and
 * 'keepdims' one named 'keepdim' (python_arg_parser's aliases). A keyword that binds no
 * parameter gets PyTorch's text, which names the call's first keyword that is no
 * parameter's own name ('axis' itself when the other keyword is the stray one). */
int kn__bind_dim(const kn_args *a, const char *fname, const char *const *names, int n, int nreq,
                 kn_obj **out, kn_err *err);
/* Keyword-only arguments: fills out[i] (borrowed, NULL when absent) from kwargs; unknown
 * names are Python's TypeError. */
int kn__kwargs(const kn_args *a, const char *fname, const char *const *names, int n,
               kn_obj **out, kn_err *err);
/* A TypeError "[fname(): ]torch.uint32 tensors are not supported by this kernel" when o is one of
 * the dtype objects without tensorcore storage (torch.uint16/32/64, float8_*); else 0. */
int kn__unsupported_dtype(kn_obj *o, const char *fname, kn_err *err);
/* dtype from torch.dtype, numpy dtype/type objects, Python types, strings. */
int kn__parse_dtype(kn_obj *o, tc_dtype *out, kn_err *err);
/* Device from torch.device, "cpu"/"cuda"/"cuda:1", or an int (cuda index). Checks that it
 * exists (PyTorch's RuntimeError without a GPU). NULL/None → cpu. */
int kn__parse_device(kn_obj *o, tc_device *out, kn_err *err);
/* A shape from positional args [from..npos): either ints or one list/tuple/Size. */
int kn__parse_shape(const kn_args *a, int from, int64_t *shape, int *ndim, kn_err *err);
/* A shape from one object: int, list, tuple or Size. */
int kn__shape_of(kn_obj *o, int64_t *shape, int *ndim, kn_err *err);
int kn__to_bool(kn_obj *o, bool *out, kn_err *err);
/* Does a float convert to integral dt without overflow (always true for other dtypes)? */
bool kn__float_fits(double v, tc_dtype dt);
/* Fill values (full, fill_, t[i] = v) that overflow an integral dtype: PyTorch's
 * "value cannot be converted to type int64_t without overflow". */
int kn__check_fill(double v, tc_dtype dt, kn_err *err);
/* Is o a Python bool/int/float? Fills out. An int beyond int64 is not a scalar here: the
 * callers that take one check it first with kn__scalar_fits. */
bool kn__scalar_of(kn_obj *o, tc_scalar *out);
/* kn__scalar_of that also takes a Python complex (TC_SCALAR_COMPLEX): for the callers that
 * handle complex operands (arithmetic, comparisons, fills). */
bool kn__scalar_of_c(kn_obj *o, tc_scalar *out);
/* Fill t with o when o is a Python complex (full_like, new_full, masked_fill): 1 done, 0 when
 * o is no complex (nothing done), -1 with PyTorch's error for a real t. */
int kn__fill_complex(tc_tensor *t, kn_obj *o, kn_err *err);
/* PyTorch's errors for an int beyond int64: as a Scalar operand (t + 2**70, fill values)
 * OverflowError "int too big to convert"; as an int argument (sizes, dims) or tensor data
 * ValueError "Overflow when unpacking long long". 0 when o is anything else. */
int kn__scalar_fits(kn_obj *o, kn_err *err);
int kn__long_fits(kn_obj *o, kn_err *err);
kn_obj *kn__scalar_obj(tc_scalar s);
/* (eq).any() for the result of an elementwise == (Tensor/ndarray, or a bool): 1, 0, -1. */
int kn__any_true(kn_obj *eq, kn_err *err);
/* format(item, spec) of a one-element tensor's item (0-d Tensor/ndarray format slots). */
kn_obj *kn__format_item(tc_tensor *t, const char *spec, kn_err *err);
/* The tensor op for a Python binary operator; false when there is none (@, <<, >>). */
bool kn__binop_to_tc(kn_binop op, tc_binary_op *out);
/* Normalise a possibly negative dim; PyTorch's IndexError "Dimension out of range ...". */
int kn__wrap_dim(int64_t dim, int ndim, int *out, kn_err *err);
/* torch.tensor / np.array data: nested lists/tuples of scalars and tensors. 'dtype' NULL:
 * inferred (torch: int64/float32/bool; numpy_rules: int64/float64/bool). Copies. */
tc_tensor *kn__tensor_from_data(kn_obj *data, const tc_dtype *dtype, bool numpy_rules,
                                kn_err *err);
/* A tensor operand: a Tensor/ndarray (new ref) or a Python scalar as a 0-d tensor of 'like'
 * dtype rules (NULL like: scalar's own default dtype). */
tc_tensor *kn__as_tensor(kn_obj *o, const tc_tensor *like, kn_err *err);
/* Python nested lists of the elements ('cause' for device copies: ".tolist()"). */
kn_obj *kn__tolist(tc_tensor *t, const char *cause, kn_err *err);
/* One element read as a Python scalar object. */
kn_obj *kn__elem_obj(const void *p, tc_dtype dt);
/* The parts of a complex NumPy scalar (false for anything else). */
bool kn__np_scalar_complex(const kn_obj *o, double *re, double *im);

/* ---- indexing (tensor_index.c) --------------------------------------------------------- */

/* t[key] and t[key] = value: PyTorch's rules, or NumPy's for ndarrays (numpy_rules). */
tc_tensor *kn__index_get(tc_tensor *t, kn_obj *key, bool numpy_rules, kn_err *err);
int kn__index_set(tc_tensor *t, kn_obj *key, kn_obj *value, bool numpy_rules, kn_err *err);

/* ---- tensors (tensor_obj.c, tensor_methods.c) ------------------------------------------ */

/* Wrap a result r (steals) of a method on self: self itself when r is self's tensor. */
kn_obj *kn__tensor_result(kn_obj *self, tc_tensor *r);
extern const kn__fn kn__tensor_methods[];
/* The methods added by tensor_ops.c (statistics, shape, index and linear algebra ops). */
extern const kn__fn kn__tensor_ops[];
/* torch.<fn>(..., out=t): does a carry an 'out' keyword? Then kn__call_with_out calls fn
 * without it and writes the result into out (resized when its shape differs, cast when the
 * result type can be cast, PyTorch's errors otherwise) and returns out itself; a tuple out
 * takes the values/indices of a (values, indices) result. */
/* PyTorch's ScalarType name of a dtype ("Float", "Long"). */
const char *kn__dtype_title(tc_dtype dt);
bool kn__has_out(const kn_args *a);
/* torch.nonzero(t, as_tuple=True): a tuple of int64 index tensors, one per dimension. */
kn_obj *kn__nonzero_tuple(tc_tensor *t, kn_err *err);
kn_obj *kn__call_with_out(const char *name, kn_obj *self, const kn_args *a, kn_cfunc fn, kn_err *err);
/* kn__call_with_out for a factory (zeros, arange, rand, ...): without dtype= the result is
 * made in out's dtype, as PyTorch does. */
kn_obj *kn__factory_with_out(const char *name, kn_obj *self, const kn_args *a, kn_cfunc fn,
                             kn_err *err);
/* A Tensor method by name from either table (NULL when absent). */
const kn__fn *kn__tensor_method_find(const char *name);
/* Methods written in Python (ndarray: 0 Tensor, 1 numpy.ndarray): add (borrows fn; returns
 * a new reference to the registry's holder, which the caller must keep for as long as the
 * methods are to exist; NULL and MemoryError when memory runs out); set the loader called
 * (no arguments) by the first lookup that finds nothing (same holder contract); bind to
 * self (new ref; NULL when there is none, with err set only when the loader failed); and
 * add their names to a dir() list. */
kn_obj *kn__py_method_add(int ndarray, const char *name, kn_obj *fn, kn_err *err);
kn_obj *kn__py_method_loader(int ndarray, kn_obj *fn, kn_err *err);
kn_obj *kn__py_method_bind(int ndarray, kn_obj *self, const char *name, kn_err *err);
int kn__py_methods_dir(int ndarray, kn_obj *list);
/* torch.<name> functions that forward to the tensor_ops methods, and torch-only functions
 * (meshgrid, einsum, ...), NULL-terminated; kn__torch_linalg_fns fills torch.linalg. */
extern const char *const kn__torch_ops_forwarded[];
extern const kn__fn kn__torch_ops_fns[];
extern const kn__fn kn__torch_linalg_fns[];
/* torch._conv, torch._max_pool2d, ...: the native ops under torch.nn.functional's
 * convolution and pooling (torch_nn.c), NULL-terminated. */
extern const kn__fn kn__torch_nn_fns[];
/* torch._special, _special2, _fft_c2c, _fft_r2c, _fft_c2r: the native ops under torch.special,
 * torch.fft and numpy.fft (torch_fft.c), NULL-terminated; results are arrays for arrays. */
extern const kn__fn kn__torch_fft_fns[];

/* torch.linalg's LAPACK functions, the Tensor methods det, inverse, svd, ... and the torch
 * names forwarded to them (mod_linalg.c). */
extern const kn__fn kn__torch_linalg_lapack_fns[];
/* torch.lu, lu_unpack, triangular_solve, cholesky_solve (mod_linalg.c). */
extern const kn__fn kn__torch_lu_fns[];
extern const kn__fn kn__tensor_linalg_methods[];
extern const char *const kn__torch_linalg_forwarded[];
/* Complex tensors (tensor_complex.c): their methods, the torch names forwarded to them, the
 * torch functions complex/polar/view_as_real/view_as_complex/real/imag, and the guard that
 * refuses other methods on complex tensors with PyTorch's error (kn__complex_refuse sets it
 * and returns -1; kn__complex_refused_method is the bound method that raises it when called). */
extern const kn__fn kn__tensor_complex_methods[];
extern const char *const kn__torch_complex_forwarded[];
extern const kn__fn kn__torch_complex_fns[];
bool kn__complex_method_ok(const char *name);
int kn__complex_refuse(const char *name, tc_dtype dt, kn_err *err);
kn_obj *kn__complex_refused_method(const kn__fn *f, tc_dtype dt, kn_err *err);
/* PyTorch's argument parser for the names with overload rows (torch_sig.c): 0 when an
 * overload of 'name' takes the call a (method form: no input; function form: input first),
 * else -1 with PyTorch's TypeError; 0 for names without a row. With renames not NULL, *renames
 * is NULL, or (when the call named a parameter by its NumPy name: 'axis', 'x') a new dict
 * from those keywords to the parameters' own names. */
int kn__sig_check(const char *name, bool method, const kn_args *a, kn_obj **renames,
                  kn_err *err);
/* The row of a Tensor method with an overload row: a copy of raw whose fn checks the call
 * (function form when torch.<name> forwarded it) before it runs raw->fn; raw otherwise. */
const kn__fn *kn__sig_method(const kn__fn *raw);
/* torch.<name>(input, ...) around its forwarded method call: rest is the call without the
 * input, full the call as made; saved (two slots) restores the outer call afterwards. */
void kn__sig_forwarding(const kn_args *rest, const kn_args *full, const kn_args **saved);
void kn__sig_forwarded(const kn_args *const *saved);
/* Is a the call torch.<name> is forwarding (the function form of a method's call)? */
bool kn__sig_as_function(const kn_args *a);
/* Call a Tensor method by name with self bound (torch.sum(x, ...) → x.sum(...)). */
kn_obj *kn__tensor_call(const char *name, kn_obj *self, const kn_args *args, kn_err *err);
/* The method names torch.<name>(input, ...) forwards to (NULL-terminated), derived from the
 * Tensor method lists in tensor_methods.c; at most KN__TENSOR_FORWARDED_MAX names. */
#define KN__TENSOR_FORWARDED_MAX 128
extern const char *const kn__tensor_forwarded[];
/* The random in-place methods (mod_random.c), looked up after kn__tensor_methods. */
extern const kn__fn kn__tensor_random_methods[];
/* Tensor attributes that are not methods. */
extern const char *const kn__tensor_attr_names[];
/* The plot of t for display(t, heatmap=..., plot=...) / t.plot(): adds "image/svg+xml" (a
 * line plot of a 1-D tensor) or "image/png" (a heatmap, zlib-compressed) to 'bundle'
 * (borrowed). Reads a strided sample only. 0, or -1 with err set (not 1-D/2-D, empty). */
int kn__plot_bundle(tc_tensor *t, bool heatmap, json_t *bundle, kn_err *err);

/* ---- torch.save / torch.load (serialize.c) ------------------------------------------- */

/* torch.save and torch.load, added to the torch module. */
extern const kn__fn kn__torch_serialize_fns[];
/* torch.load of a whole file held in data[0, n) (borrowed): the unpickled object, new
 * reference, or NULL with err set (RuntimeError for a bad archive, UnpicklingError for a
 * pickle that names anything beyond tensors, state dicts and plain containers).
 * map_location as torch.load's (NULL or None: where each storage was saved). */
kn_obj *kn__torch_load_bytes(const uint8_t *data, size_t n, kn_obj *map_location, kn_err *err);
/* torch.save of obj into a file image appended to out (archive name "archive", as for a
 * file-like object). 0, or -1 with err set (TypeError for an object it cannot pickle). */
int kn__torch_save_bytes(kn_obj *obj, tc_strbuf *out, kn_err *err);

/* ---- autograd (mod_autograd.c) ---------------------------------------------------------- */

/* Add torch.autograd (grad, backward) and the grad mode objects (torch.no_grad,
 * enable_grad, set_grad_enabled, inference_mode: context managers and decorators) to m. */
int kn__torch_autograd_init(kn_obj *m, kn_err *err);
/* The Tensor methods backward, register_hook (returns a RemovableHandle) and detach_. */
kn_obj *kn__tensor_backward(kn_obj *self, const kn_args *a, kn_err *err);
kn_obj *kn__tensor_register_hook(kn_obj *self, const kn_args *a, kn_err *err);
kn_obj *kn__tensor_detach_(kn_obj *self, const kn_args *a, kn_err *err);

/* ---- random (mod_random.c) ------------------------------------------------------------- */

extern const kn_type kn__type_generator; /* torch.Generator */
/* Add torch's random functions, torch.Generator and torch.default_generator to m. */
int kn__torch_random_init(kn_obj *m, kn_err *err);
/* A factory's result as a Tensor value: steals t (NULL passes through with err kept); with
 * requires_grad, PyTorch's dtype check and the flag set (mod_torch.c). New reference. */
kn_obj *kn__factory_result(tc_tensor *t, bool requires_grad, kn_err *err);
/* The numpy.random submodule (np_random.c). New reference. */
kn_obj *kn__np_random_module(kn_err *err);
/* Add the private _pcg_ and _seedseq_ functions of numpy.random.Generator (np_generator.c). */
int kn__np_generator_add(kn_obj *m, kn_err *err);

#endif
