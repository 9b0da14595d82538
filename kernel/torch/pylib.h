/*
 * The parts of torch written in Python (kernel/torch/py/ holds torch.nn, torch.nn.functional,
 * torch.nn.init, torch.optim, torch.utils.data), compiled into the kernel as source text by
 * tools/embed_py.py and run by the interpreter when torch is imported (kn_eval_import).
 * Their tensor work goes through the C torch module; they hold the Python-level structure
 * PyTorch itself writes in Python (Module trees, optimiser loops, data loading).
 */
#ifndef KN_TORCH_PYLIB_H
#define KN_TORCH_PYLIB_H

typedef struct kn_pylib_module {
    const char *name;   /* "torch.nn" */
    const char *source; /* Python source text */
} kn_pylib_module;

/* The table of embedded modules, ending with {NULL, NULL}. */
const kn_pylib_module *kn_pylib_modules(void);
/* The source of module 'name', or NULL when it is not one of them. */
const char *kn_pylib_find(const char *name);

#endif
