/*
 * tensorkernel._bridge: the part of the Python client that touches memory. It maps the
 * memfd windows the kernel sends and builds NumPy arrays over them without copying
 * (strides as given: transposed, sliced and expanded views stay views), and creates the
 * sealed memfds that carry arrays to the kernel. Each array's base is a Mapping that
 * munmaps its window and hands its lease id back to the client when collected; it also
 * exposes __array_interface__ and __dlpack__ so other libraries can take the memory.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_1_23_API_VERSION
#ifndef NPY_TARGET_VERSION
#define NPY_TARGET_VERSION NPY_1_23_API_VERSION
#endif
#include <numpy/arrayobject.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- DLPack (v0.8 ABI, the unversioned capsule every consumer accepts) ---------------- */

typedef enum { kDLCPU = 1 } DLDeviceType;
typedef struct { int32_t device_type; int32_t device_id; } DLDevice;
typedef enum { kDLInt = 0, kDLUInt = 1, kDLFloat = 2, kDLBfloat = 4, kDLBool = 6 } DLDataTypeCode;
typedef struct { uint8_t code; uint8_t bits; uint16_t lanes; } DLDataType;
typedef struct {
    void *data;
    DLDevice device;
    int32_t ndim;
    DLDataType dtype;
    int64_t *shape;
    int64_t *strides;
    uint64_t byte_offset;
} DLTensor;
typedef struct DLManagedTensor {
    DLTensor dl_tensor;
    void *manager_ctx;
    void (*deleter)(struct DLManagedTensor *self);
} DLManagedTensor;

/* ---- Mapping -------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    void *addr;          /* start of the mapped window */
    size_t len;
    char *data;          /* element 0 of the array */
    PyArray_Descr *descr;
    int ndim;
    npy_intp shape[NPY_MAXDIMS];
    npy_intp strides[NPY_MAXDIMS]; /* bytes */
    int readonly;
    char *storage;       /* start of the kernel storage inside the window */
    long long lease;     /* -1: not leased */
    PyObject *release;   /* callable(lease) or NULL */
} Mapping;

static void Mapping_dealloc(Mapping *self) {
    if (self->addr && self->len) munmap(self->addr, self->len);
    if (self->release && self->lease >= 0) {
        PyObject *et, *ev, *tb;
        PyErr_Fetch(&et, &ev, &tb);
        PyObject *r = PyObject_CallFunction(self->release, "L", self->lease);
        if (!r) PyErr_WriteUnraisable(self->release);
        Py_XDECREF(r);
        PyErr_Restore(et, ev, tb);
    }
    Py_XDECREF(self->release);
    Py_XDECREF(self->descr);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *int_tuple(const npy_intp *v, int n) {
    PyObject *t = PyTuple_New(n);
    for (int i = 0; t && i < n; i++) PyTuple_SET_ITEM(t, i, PyLong_FromSsize_t(v[i]));
    return t;
}

static PyObject *Mapping_array_interface(Mapping *self, void *closure) {
    PyObject *typestr = PyObject_GetAttrString((PyObject *)self->descr, "str");
    if (!typestr) return NULL;
    return Py_BuildValue("{s:N, s:N, s:(N,O), s:N, s:i}", "shape",
                         int_tuple(self->shape, self->ndim), "typestr", typestr, "data",
                         PyLong_FromVoidPtr(self->data), self->readonly ? Py_True : Py_False,
                         "strides", int_tuple(self->strides, self->ndim), "version", 3);
}

static int dl_dtype(PyArray_Descr *d, DLDataType *out) {
    out->lanes = 1;
    out->bits = (uint8_t)(PyDataType_ELSIZE(d) * 8);
    switch (d->kind) {
    case 'b': out->code = kDLBool; return 0;
    case 'i': out->code = kDLInt; return 0;
    case 'u': out->code = kDLUInt; return 0;
    case 'f': out->code = kDLFloat; return 0;
    default: return -1;
    }
}

static void dl_deleter(DLManagedTensor *m) {
    PyGILState_STATE g = PyGILState_Ensure();
    Py_XDECREF((PyObject *)m->manager_ctx);
    PyGILState_Release(g);
    PyMem_RawFree(m);
}

static void dl_capsule_destructor(PyObject *cap) {
    if (!PyCapsule_IsValid(cap, "dltensor")) return; /* consumed: "used_dltensor" */
    DLManagedTensor *m = PyCapsule_GetPointer(cap, "dltensor");
    if (m && m->deleter) m->deleter(m);
}

static PyObject *Mapping_dlpack(Mapping *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"stream", "max_version", "dl_device", "copy", NULL};
    PyObject *stream = Py_None, *maxv = Py_None, *dev = Py_None, *copy = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|$OOOO", kwlist, &stream, &maxv, &dev, &copy))
        return NULL;
    if (stream != Py_None) {
        PyErr_SetString(PyExc_RuntimeError, "tensorkernel arrays live on the CPU: stream must be None");
        return NULL;
    }
    if (copy == Py_True) {
        PyErr_SetString(PyExc_BufferError, "tensorkernel arrays are shared: copy=True is not supported");
        return NULL;
    }
    size_t extra = (size_t)self->ndim * 2 * sizeof(int64_t);
    DLManagedTensor *m = PyMem_RawCalloc(1, sizeof *m + extra);
    if (!m) return PyErr_NoMemory();
    int64_t *shape = (int64_t *)(m + 1), *strides = shape + self->ndim;
    if (dl_dtype(self->descr, &m->dl_tensor.dtype) < 0) {
        PyMem_RawFree(m);
        PyErr_SetString(PyExc_BufferError, "dtype not supported by DLPack");
        return NULL;
    }
    for (int i = 0; i < self->ndim; i++) {
        shape[i] = self->shape[i];
        strides[i] = self->strides[i] / PyDataType_ELSIZE(self->descr);
    }
    m->dl_tensor.data = self->data;
    m->dl_tensor.device.device_type = kDLCPU;
    m->dl_tensor.ndim = self->ndim;
    m->dl_tensor.shape = shape;
    m->dl_tensor.strides = strides;
    m->manager_ctx = self;
    m->deleter = dl_deleter;
    Py_INCREF(self);
    PyObject *cap = PyCapsule_New(m, "dltensor", dl_capsule_destructor);
    if (!cap) {
        Py_DECREF(self);
        PyMem_RawFree(m);
    }
    return cap;
}

static PyObject *Mapping_dlpack_device(Mapping *self, PyObject *unused) {
    return Py_BuildValue("(ii)", kDLCPU, 0);
}

static PyObject *Mapping_get_lease(Mapping *self, void *c) {
    if (self->lease < 0) Py_RETURN_NONE;
    return PyLong_FromLongLong(self->lease);
}
static PyObject *Mapping_get_nbytes(Mapping *self, void *c) { return PyLong_FromSize_t(self->len); }
static PyObject *Mapping_get_storage(Mapping *self, void *c) {
    return PyLong_FromVoidPtr(self->storage);
}
static PyObject *Mapping_get_release(Mapping *self, void *c) {
    PyObject *r = self->release ? self->release : Py_None;
    Py_INCREF(r);
    return r;
}

static PyGetSetDef Mapping_getset[] = {
    {"__array_interface__", (getter)Mapping_array_interface, NULL, "NumPy array interface", NULL},
    {"lease", (getter)Mapping_get_lease, NULL, "the kernel-side lease id, or None", NULL},
    {"nbytes", (getter)Mapping_get_nbytes, NULL, "bytes mapped", NULL},
    {"storage_address", (getter)Mapping_get_storage, NULL,
     "address of the kernel storage's first byte in this process", NULL},
    {"release", (getter)Mapping_get_release, NULL, "the lease release callback, or None", NULL},
    {NULL},
};

static PyMethodDef Mapping_methods[] = {
    {"__dlpack__", (PyCFunction)(void (*)(void))Mapping_dlpack, METH_VARARGS | METH_KEYWORDS,
     "A DLPack capsule over the shared memory (no copy)."},
    {"__dlpack_device__", (PyCFunction)Mapping_dlpack_device, METH_NOARGS, "(kDLCPU, 0)"},
    {NULL},
};

static PyTypeObject MappingType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tensorkernel._bridge.Mapping",
    .tp_basicsize = sizeof(Mapping),
    .tp_dealloc = (destructor)Mapping_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Owner of a shared-memory window backing a tensorkernel array.",
    .tp_getset = Mapping_getset,
    .tp_methods = Mapping_methods,
};

/* ---- building arrays ------------------------------------------------------------------ */

static int parse_dims(PyObject *seq, npy_intp *out, int *n, const char *what) {
    PyObject *f = PySequence_Fast(seq, what);
    if (!f) return -1;
    Py_ssize_t len = PySequence_Fast_GET_SIZE(f);
    if (len > NPY_MAXDIMS) {
        Py_DECREF(f);
        PyErr_Format(PyExc_ValueError, "%s: too many dimensions", what);
        return -1;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        out[i] = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(f, i));
        if (out[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(f);
            return -1;
        }
    }
    *n = (int)len;
    Py_DECREF(f);
    return 0;
}

/* Check that every element of the view lies inside the window [0, len). */
static int check_bounds(Mapping *m, size_t data_offset) {
    npy_intp isz = PyDataType_ELSIZE(m->descr), lo = 0, hi = isz;
    for (int i = 0; i < m->ndim; i++) {
        if (m->shape[i] < 0) goto bad;
        if (m->shape[i] == 0) return 0;
        npy_intp span = (m->shape[i] - 1) * m->strides[i];
        if (span < 0) lo += span; else hi += span;
    }
    if ((npy_intp)data_offset + lo < 0 || (size_t)((npy_intp)data_offset + hi) > m->len) goto bad;
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "tensorkernel: the array does not fit its shared memory");
    return -1;
}

/* An ndarray over m (a new reference; steals the reference to m). */
static PyObject *array_over(Mapping *m) {
    Py_INCREF(m->descr);
    PyObject *a = PyArray_NewFromDescr(&PyArray_Type, m->descr, m->ndim, m->shape, m->strides,
                                       m->data, m->readonly ? 0 : NPY_ARRAY_WRITEABLE, NULL);
    if (!a) {
        Py_DECREF(m);
        return NULL;
    }
    if (PyArray_SetBaseObject((PyArrayObject *)a, (PyObject *)m) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

static Mapping *mapping_new(PyObject *dtype, PyObject *shape, PyObject *strides) {
    Mapping *m = PyObject_New(Mapping, &MappingType);
    if (!m) return NULL;
    m->addr = NULL;
    m->storage = NULL;
    m->len = 0;
    m->descr = NULL;
    m->release = NULL;
    m->lease = -1;
    m->readonly = 0;
    int ns = 0;
    if (!PyArray_DescrConverter(dtype, &m->descr) ||
        parse_dims(shape, m->shape, &m->ndim, "shape") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    if (strides == Py_None) {
        npy_intp acc = PyDataType_ELSIZE(m->descr);
        for (int i = m->ndim - 1; i >= 0; i--) {
            m->strides[i] = acc;
            acc *= m->shape[i] > 1 ? m->shape[i] : 1;
        }
    } else if (parse_dims(strides, m->strides, &ns, "strides") < 0 || ns != m->ndim) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "strides do not match shape");
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

PyDoc_STRVAR(map_array_doc,
"map_array(fd, map_offset, map_len, data_offset, dtype, shape, strides, lease, release,\n"
"          storage_offset=0)\n"
"--\n\n"
"Map [map_offset, map_offset+map_len) of fd (borrowed: the caller closes it) and return\n"
"an ndarray over it, element 0 at data_offset, byte strides as given. When the array's\n"
"base is collected the window is unmapped and release(lease) is called.");

static PyObject *map_array(PyObject *mod, PyObject *args) {
    int fd;
    long long map_off, lease;
    Py_ssize_t map_len, data_off, storage_off = 0;
    PyObject *dtype, *shape, *strides, *release;
    if (!PyArg_ParseTuple(args, "iLnnOOOLO|n", &fd, &map_off, &map_len, &data_off, &dtype, &shape,
                          &strides, &lease, &release, &storage_off))
        return NULL;
    if (map_off < 0 || map_len <= 0 || data_off < 0 || storage_off < 0 || storage_off > map_len) {
        PyErr_SetString(PyExc_ValueError, "tensorkernel: bad shared memory window");
        return NULL;
    }
    Mapping *m = mapping_new(dtype, shape, strides);
    if (!m) return NULL;
    void *p = mmap(NULL, (size_t)map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)map_off);
    if (p == MAP_FAILED) {
        p = mmap(NULL, (size_t)map_len, PROT_READ, MAP_SHARED, fd, (off_t)map_off);
        m->readonly = 1;
    }
    if (p == MAP_FAILED) {
        Py_DECREF(m);
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    m->addr = p;
    m->len = (size_t)map_len;
    m->data = (char *)p + data_off;
    m->storage = (char *)p + storage_off;
    if (check_bounds(m, (size_t)data_off) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    if (release != Py_None) {
        Py_INCREF(release);
        m->release = release;
        m->lease = lease;
    }
    return array_over(m);
}

PyDoc_STRVAR(new_shared_doc,
"new_shared(dtype, shape) -> (fd, ndarray)\n"
"--\n\n"
"A C-contiguous ndarray in a fresh memfd sealed against shrinking; the caller fills it,\n"
"passes fd to the kernel and closes it.");

static PyObject *new_shared(PyObject *mod, PyObject *args) {
    PyObject *dtype, *shape;
    if (!PyArg_ParseTuple(args, "OO", &dtype, &shape)) return NULL;
    Mapping *m = mapping_new(dtype, shape, Py_None);
    if (!m) return NULL;
    size_t nbytes = (size_t)PyDataType_ELSIZE(m->descr);
    for (int i = 0; i < m->ndim; i++) {
        if (m->shape[i] < 0 || (m->shape[i] && nbytes > SIZE_MAX / 2 / (size_t)m->shape[i])) {
            Py_DECREF(m);
            PyErr_SetString(PyExc_ValueError, "tensorkernel: bad array shape");
            return NULL;
        }
        nbytes *= (size_t)m->shape[i];
    }
    int fd = memfd_create("tensorkernel-put", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    size_t len = nbytes ? nbytes : 1;
    void *p = MAP_FAILED;
    if (fd >= 0 && ftruncate(fd, (off_t)len) == 0 && fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0)
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        int e = errno;
        if (fd >= 0) close(fd);
        Py_DECREF(m);
        errno = e;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    m->addr = p;
    m->len = len;
    m->data = p;
    m->storage = p;
    PyObject *a = array_over(m);
    if (!a) {
        close(fd);
        return NULL;
    }
    return Py_BuildValue("(iN)", fd, a);
}

static PyMethodDef module_methods[] = {
    {"map_array", map_array, METH_VARARGS, map_array_doc},
    {"new_shared", new_shared, METH_VARARGS, new_shared_doc},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "tensorkernel._bridge",
    "Shared-memory arrays for the tensorkernel bridge client.", -1, module_methods,
};

PyMODINIT_FUNC PyInit__bridge(void) {
    import_array();
    if (PyType_Ready(&MappingType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (!m) return NULL;
    Py_INCREF(&MappingType);
    if (PyModule_AddObject(m, "Mapping", (PyObject *)&MappingType) < 0) {
        Py_DECREF(&MappingType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
