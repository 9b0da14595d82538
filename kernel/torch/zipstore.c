/*
 * The zip container of torch.save files: a writer of stored, 64-byte-aligned entries and a
 * reader that indexes an archive held in memory. See zipstore.h for the layout rules.
 * Everything read is untrusted: every offset and size is checked against the file before
 * it is followed, with overflow-safe arithmetic.
 */
#include "kernel/torch/zipstore.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "tensorcore/alloc.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define SIG_END64 0x06064b50u
#define SIG_LOC64 0x07064b50u
#define LOCAL_SIZE 30
#define CENTRAL_SIZE 46
#define END_SIZE 22
#define FLAG_UTF8 0x0800u

/* PyTorch's words after every reader failure, so a user sees the same advice. */
#define MINIZ_TAIL                                                                                 \
    ". This is an internal miniz error. If you are seeing this error, there is a high "            \
    "likelihood that your checkpoint file is corrupted. This can happen if the checkpoint "        \
    "was not saved properly, was transferred incorrectly, or the file was modified after "         \
    "saving."

static void put16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v) {
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}
static uint32_t get16(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t get32(const uint8_t *p) {
    return get16(p) | get16(p + 2) << 16;
}
static uint64_t get64(const uint8_t *p) {
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* MemoryError, marking the failed allocation as reported (tensorcore/alloc.h). */
static int nomem(tc_error *err) {
    if (err) tc_alloc_failed_take();
    return tc_error_set(err, TC_EXC_MEMORY, "%s", "");
}

static uint32_t crc_of(const void *p, size_t n) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const Bytef *b = p;
    while (n) { /* crc32 takes a uInt length */
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        crc = crc32(crc, b, k);
        b += k;
        n -= k;
    }
    return (uint32_t)crc;
}

/* ---- writer ------------------------------------------------------------------------------ */

void kn__zip_writer_init(kn__zip_writer *w, kn__zip_sink sink, void *ctx) {
    memset(w, 0, sizeof *w);
    w->sink = sink;
    w->ctx = ctx;
}

void kn__zip_writer_free(kn__zip_writer *w) {
    for (size_t i = 0; i < w->n; i++)
        tc_free(w->entries[i].name);
    tc_free(w->entries);
    w->entries = NULL;
    w->n = w->cap = 0;
}

static int emit(kn__zip_writer *w, const void *p, size_t n, tc_error *err) {
    if (n && w->sink(w->ctx, p, n, err) < 0) return -1;
    w->pos += n;
    return 0;
}

static int too_big(tc_error *err) {
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "torch.save: files of 4 GiB or more (zip64) are not supported yet");
}

int kn__zip_add(kn__zip_writer *w, const char *name, const void *p, size_t n, tc_error *err) {
    size_t namelen = strlen(name);
    if (n >= 0xffffffffu || w->pos >= 0xffffffffu - n) return too_big(err);
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        kn__zip_entry *e = tc_reallocarray(w->entries, cap, sizeof *e);
        if (!e) return nomem(err);
        w->entries = e;
        w->cap = cap;
    }
    kn__zip_entry *e = &w->entries[w->n];
    if (!(e->name = tc_strdup(name))) return nomem(err);
    w->n++;
    e->offset = w->pos;
    e->size = n;
    e->crc = crc_of(p, n);
    /* the "FB" extra field pads the header so the data starts on a KN_ZIP_ALIGN boundary */
    uint64_t start = w->pos + LOCAL_SIZE + namelen + 4;
    size_t pad = (size_t)((KN_ZIP_ALIGN - start % KN_ZIP_ALIGN) % KN_ZIP_ALIGN);
    uint8_t h[LOCAL_SIZE + 4 + KN_ZIP_ALIGN];
    memset(h, 0, sizeof h);
    put32(h, SIG_LOCAL);
    put16(h + 4, 20); /* version needed: 2.0 */
    put16(h + 6, FLAG_UTF8);
    put32(h + 14, e->crc);
    put32(h + 18, (uint32_t)n);
    put32(h + 22, (uint32_t)n);
    put16(h + 26, (uint32_t)namelen);
    put16(h + 28, (uint32_t)(4 + pad));
    uint8_t *x = h + LOCAL_SIZE;
    put16(x, 0x4246); /* 'F','B' */
    put16(x + 2, (uint32_t)pad);
    memset(x + 4, 'Z', pad);
    if (emit(w, h, LOCAL_SIZE, err) < 0 || emit(w, name, namelen, err) < 0 ||
        emit(w, x, 4 + pad, err) < 0 || emit(w, p, n, err) < 0)
        return -1;
    return 0;
}

int kn__zip_finish(kn__zip_writer *w, tc_error *err) {
    uint64_t cd_start = w->pos;
    int rc = -1;
    if (w->n > 0xfffe) {
        too_big(err);
        goto done;
    }
    for (size_t i = 0; i < w->n; i++) {
        const kn__zip_entry *e = &w->entries[i];
        size_t namelen = strlen(e->name);
        uint8_t h[CENTRAL_SIZE] = {0};
        put32(h, SIG_CENTRAL);
        put16(h + 4, 20);
        put16(h + 6, 20);
        put16(h + 8, FLAG_UTF8);
        put32(h + 16, e->crc);
        put32(h + 20, (uint32_t)e->size);
        put32(h + 24, (uint32_t)e->size);
        put16(h + 28, (uint32_t)namelen);
        put32(h + 42, (uint32_t)e->offset);
        if (emit(w, h, sizeof h, err) < 0 || emit(w, e->name, namelen, err) < 0) goto done;
    }
    uint64_t cd_size = w->pos - cd_start;
    if (w->pos >= 0xffffffffu) {
        too_big(err);
        goto done;
    }
    uint8_t end[END_SIZE] = {0};
    put32(end, SIG_END);
    put16(end + 8, (uint32_t)w->n);
    put16(end + 10, (uint32_t)w->n);
    put32(end + 12, (uint32_t)cd_size);
    put32(end + 16, (uint32_t)cd_start);
    rc = emit(w, end, sizeof end, err);
done:
    kn__zip_writer_free(w);
    return rc;
}

/* ---- reader ------------------------------------------------------------------------------ */

struct kn__zip {
    const uint8_t *data;
    size_t n;
    char *archive; /* owned: the first entry's folder */
    size_t count;
    struct rec {
        const char *name; /* into data, not NUL-terminated */
        size_t namelen;
        uint64_t local; /* offset of the local header */
        uint64_t size;
        uint32_t method;
    } * recs;
};

static int bad_archive(tc_error *err, const char *what) {
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "PytorchStreamReader failed reading zip archive: %s" MINIZ_TAIL, what);
}

/* Is [off, off+len) inside the file? */
static bool inside(const kn__zip *z, uint64_t off, uint64_t len) {
    return off <= z->n && len <= z->n - off;
}

/* The zip64 end record's count, directory size and offset, when the plain end record at
 * 'end' says to look there. */
static int read_end64(kn__zip *z, size_t end, uint64_t *count, uint64_t *cd_size, uint64_t *cd_off,
                      tc_error *err) {
    if (end < 20 || get32(z->data + end - 20) != SIG_LOC64)
        return bad_archive(err, "failed finding zip64 end of central directory locator");
    uint64_t off = get64(z->data + end - 20 + 8);
    if (!inside(z, off, 56) || get32(z->data + off) != SIG_END64)
        return bad_archive(err, "invalid zip64 end of central directory record");
    *count = get64(z->data + off + 32);
    *cd_size = get64(z->data + off + 40);
    *cd_off = get64(z->data + off + 48);
    return 0;
}

/* Fill sizes and offsets that a zip64 extra field carries (those stored as 0xffffffff). */
static int read_zip64_extra(const uint8_t *x, size_t xlen, struct rec *r, bool size_ff,
                            bool csize_ff, bool off_ff, tc_error *err) {
    while (xlen >= 4) {
        uint32_t id = get16(x), len = get16(x + 2);
        if (len > xlen - 4) break;
        if (id == 1) {
            const uint8_t *v = x + 4;
            size_t left = len;
            if (size_ff) {
                if (left < 8) break;
                r->size = get64(v);
                v += 8;
                left -= 8;
            }
            if (csize_ff) {
                if (left < 8) break;
                v += 8;
                left -= 8;
            }
            if (off_ff) {
                if (left < 8) break;
                r->local = get64(v);
            }
            return 0;
        }
        x += 4 + len;
        xlen -= 4 + len;
    }
    return bad_archive(err, "invalid zip64 extra field");
}

kn__zip *kn__zip_open(const uint8_t *data, size_t n, tc_error *err) {
    kn__zip *z = tc_calloc(1, sizeof *z);
    if (!z) {
        nomem(err);
        return NULL;
    }
    z->data = data;
    z->n = n;
    /* the end record is the last thing in the file, before a comment of at most 64 KiB */
    size_t end = SIZE_MAX;
    if (n >= END_SIZE) {
        size_t lo = n - END_SIZE > 0xffff ? n - END_SIZE - 0xffff : 0;
        for (size_t i = n - END_SIZE + 1; i-- > lo;)
            if (get32(data + i) == SIG_END && i + END_SIZE + get16(data + i + 20) <= n) {
                end = i;
                break;
            }
    }
    if (end == SIZE_MAX) {
        bad_archive(err, "failed finding central directory");
        goto fail;
    }
    uint64_t count = get16(data + end + 10), cd_size = get32(data + end + 12),
             cd_off = get32(data + end + 16);
    if ((count == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu) &&
        read_end64(z, end, &count, &cd_size, &cd_off, err) < 0)
        goto fail;
    if (!inside(z, cd_off, cd_size) || count > cd_size / CENTRAL_SIZE) {
        bad_archive(err, "invalid central directory");
        goto fail;
    }
    if (count == 0) {
        bad_archive(err, "archive is empty");
        goto fail;
    }
    if (!(z->recs = tc_calloc((size_t)count, sizeof *z->recs))) {
        nomem(err);
        goto fail;
    }
    uint64_t p = cd_off, cd_end = cd_off + cd_size;
    for (uint64_t i = 0; i < count; i++) {
        if (cd_end - p < CENTRAL_SIZE || get32(data + p) != SIG_CENTRAL) {
            bad_archive(err, "invalid central directory entry");
            goto fail;
        }
        const uint8_t *h = data + p;
        struct rec *r = &z->recs[i];
        uint32_t namelen = get16(h + 28), xlen = get16(h + 30), clen = get16(h + 32);
        uint64_t total = (uint64_t)CENTRAL_SIZE + namelen + xlen + clen;
        if (cd_end - p < total) {
            bad_archive(err, "invalid central directory entry");
            goto fail;
        }
        r->method = get16(h + 10);
        uint32_t csize = get32(h + 20);
        r->size = get32(h + 24);
        r->local = get32(h + 42);
        r->name = (const char *)h + CENTRAL_SIZE;
        r->namelen = namelen;
        bool size_ff = r->size == 0xffffffffu, csize_ff = csize == 0xffffffffu,
             off_ff = r->local == 0xffffffffu;
        if ((size_ff || csize_ff || off_ff) && read_zip64_extra(h + CENTRAL_SIZE + namelen, xlen, r,
                                                                size_ff, csize_ff, off_ff, err) < 0)
            goto fail;
        if (!size_ff && !csize_ff && csize != r->size && r->method == 0) {
            bad_archive(err, "invalid central directory entry");
            goto fail;
        }
        p += total;
        z->count++;
    }
    /* the archive name: the first record's folder */
    const struct rec *first = &z->recs[0];
    const char *slash = memchr(first->name, '/', first->namelen);
    if (!slash) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "PytorchStreamReader failed reading zip archive: file in archive is not "
                     "in a subdirectory: %.*s",
                     (int)(first->namelen > 200 ? 200 : first->namelen), first->name);
        goto fail;
    }
    if (!(z->archive = tc_strndup(first->name, (size_t)(slash - first->name)))) {
        nomem(err);
        goto fail;
    }
    return z;
fail:
    kn__zip_free(z);
    return NULL;
}

void kn__zip_free(kn__zip *z) {
    if (!z) return;
    tc_free(z->archive);
    tc_free(z->recs);
    tc_free(z);
}

const char *kn__zip_archive_name(const kn__zip *z) {
    return z->archive;
}

static const struct rec *lookup(const kn__zip *z, const char *name) {
    size_t al = strlen(z->archive), nl = strlen(name);
    for (size_t i = 0; i < z->count; i++) {
        const struct rec *r = &z->recs[i];
        if (r->namelen == al + 1 + nl && memcmp(r->name, z->archive, al) == 0 &&
            r->name[al] == '/' && memcmp(r->name + al + 1, name, nl) == 0)
            return r;
    }
    return NULL;
}

int kn__zip_has(const kn__zip *z, const char *name) {
    return lookup(z, name) != NULL;
}

int kn__zip_find(const kn__zip *z, const char *name, const uint8_t **out, size_t *n,
                 tc_error *err) {
    const struct rec *r = lookup(z, name);
    if (!r)
        return tc_error_set(
            err, TC_EXC_RUNTIME,
            "PytorchStreamReader failed locating file %s: file not found" MINIZ_TAIL, name);
    if (r->method != 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "PytorchStreamReader failed reading file %s: compressed records are "
                            "not supported (PyTorch writes them stored)",
                            name);
    const char *what = "invalid header or archive is corrupted";
    if (!inside(z, r->local, LOCAL_SIZE) || get32(z->data + r->local) != SIG_LOCAL) goto bad;
    uint64_t start =
        r->local + LOCAL_SIZE + get16(z->data + r->local + 26) + get16(z->data + r->local + 28);
    /* no CRC-32 check, as PyTorch's reader (miniz built with
     * MINIZ_DISABLE_ZIP_READER_CRC32_CHECKS): a checkpoint's storages are read at memory
     * speed, and a flipped bit in a storage loads as PyTorch loads it */
    if (!inside(z, start, r->size) || r->size > SIZE_MAX) goto bad;
    *out = z->data + start;
    *n = (size_t)r->size;
    return 0;
bad:
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "PytorchStreamReader failed reading file %s: %s" MINIZ_TAIL, name, what);
}
