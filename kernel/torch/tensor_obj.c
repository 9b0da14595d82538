/*
 * torch.Tensor and numpy.ndarray as interpreter values: each wraps one tc_tensor.
 */
#include "kernel/lang/tensor_obj.h"

typedef struct kn_tensor_obj {
    kn_obj base;
    tc_tensor *t;
} kn_tensor_obj;

static void tensor_dealloc(kn_obj *self) { tc_tensor_unref(((kn_tensor_obj *)self)->t); }

const kn_type kn_type_tensor = {
    .name = "Tensor", .qualname = "torch.Tensor", .doc = "A multi-dimensional matrix.",
    .dealloc = tensor_dealloc,
};
const kn_type kn_type_ndarray = {
    .name = "ndarray", .qualname = "numpy.ndarray", .doc = "An array object.",
    .dealloc = tensor_dealloc,
};

static kn_obj *wrap(const kn_type *type, tc_tensor *t) {
    kn_tensor_obj *o = (kn_tensor_obj *)kn_obj_alloc(type, sizeof(kn_tensor_obj), NULL);
    if (!o) { tc_tensor_unref(t); return NULL; }
    o->t = t;
    return &o->base;
}

/* Wrap t as a torch.Tensor; steals t. */
kn_obj *kn_tensor_wrap(tc_tensor *t) { return wrap(&kn_type_tensor, t); }
/* Wrap t as a numpy.ndarray; steals t. */
kn_obj *kn_ndarray_wrap(tc_tensor *t) { return wrap(&kn_type_ndarray, t); }

/* The tc_tensor behind a Tensor or ndarray (borrowed), else NULL. */
tc_tensor *kn_tensor_unwrap(kn_obj *o) {
    if (kn_is_tensor(o) || kn_is_ndarray(o)) return ((kn_tensor_obj *)o)->t;
    return NULL;
}

/* The torch module (not implemented yet). */
kn_obj *kn_mod_torch_init(kn_err *err) {
    tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "torch module not implemented yet");
    return NULL;
}

/* The numpy module (not implemented yet). */
kn_obj *kn_mod_numpy_init(kn_err *err) {
    tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "numpy module not implemented yet");
    return NULL;
}
