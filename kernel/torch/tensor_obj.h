/*
 * Tensors and ndarrays as interpreter values: the public header of kernel/torch/, which
 * implements them with the torch/numpy bindings over tensorcore.
 * A torch.Tensor object and a numpy.ndarray object each wrap a tc_tensor; t.numpy() and
 * torch.from_numpy(a) wrap the same tc_tensor storage, which is how memory is shared.
 */
#ifndef KN_TORCH_TENSOR_OBJ_H
#define KN_TORCH_TENSOR_OBJ_H

#include "kernel/objects/object.h"
#include "tensorcore/tensor.h"

extern const kn_type kn_type_tensor;   /* torch.Tensor */
extern const kn_type kn_type_ndarray;  /* numpy.ndarray */

/* Wrap t as a torch.Tensor / numpy.ndarray value. Steals the reference to t. */
kn_obj *kn_tensor_wrap(tc_tensor *t);
kn_obj *kn_ndarray_wrap(tc_tensor *t);
/* The tc_tensor behind a Tensor or ndarray value (borrowed), or NULL for other values. */
tc_tensor *kn_tensor_unwrap(kn_obj *o);
extern kn_type kn_type_parameter;     /* torch.nn.Parameter: a Tensor subtype */
/* The Parameter type, set up on first use (a copy of Tensor's slots). */
const kn_type *kn_parameter_type(void);
static inline bool kn_is_tensor(const kn_obj *o) {
    return o && (o->type == &kn_type_tensor || o->type == &kn_type_parameter);
}
static inline bool kn_is_ndarray(const kn_obj *o) { return kn_is(o, &kn_type_ndarray); }

/* The importable modules this layer provides; each returns a new module object. */
kn_obj *kn_mod_torch_init(kn_err *err);  /* torch, with torch.cuda, torch.Tensor ... */
kn_obj *kn_mod_numpy_init(kn_err *err);  /* numpy */

#endif
