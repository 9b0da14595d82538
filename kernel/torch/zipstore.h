/*
 * The zip container of PyTorch's checkpoint files (torch.save's format since 1.6), private to
 * kernel/torch/ (serialize.c) and the loader's fuzz target.
 *
 * Only what those files use: stored entries (no compression), every entry's data aligned to
 * 64 bytes by an "FB" padding extra field as PyTorch's writer does (so a loader may map
 * storages in place), CRC-32 written for every entry (read without checking it, as
 * PyTorch's reader does), and zip64 records read where a large file has them. The writer keeps the
 * central directory in memory and streams entries to a sink; the reader indexes a complete file
 * held in memory (borrowed) and hands out pointers into it.
 *
 *     kn__zip_writer w;
 *     kn__zip_writer_init(&w, sink, ctx);
 *     kn__zip_add(&w, "archive/data.pkl", pkl, n, &err);
 *     kn__zip_finish(&w, &err);   // central directory; releases w
 *
 *     kn__zip *z = kn__zip_open(bytes, nbytes, &err);   // bytes borrowed
 *     const uint8_t *p; size_t n;
 *     kn__zip_find(z, "data.pkl", &p, &n, &err);        // "<archive>/data.pkl"
 *     kn__zip_free(z);
 */
#ifndef KN_TORCH_ZIPSTORE_H
#define KN_TORCH_ZIPSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "tensorcore/error.h"

/* Entry data is aligned to this many bytes in the file (PyTorch's kFieldAlignment). */
#define KN_ZIP_ALIGN 64

/* Writes n bytes of p to the destination; 0, or -1 with err set. */
typedef int (*kn__zip_sink)(void *ctx, const void *p, size_t n, tc_error *err);

typedef struct kn__zip_entry {
    char *name;      /* owned */
    uint64_t offset; /* of the local header */
    uint64_t size;
    uint32_t crc;
} kn__zip_entry;

typedef struct kn__zip_writer {
    kn__zip_sink sink;
    void *ctx;
    uint64_t pos; /* bytes written so far */
    kn__zip_entry *entries;
    size_t n, cap;
} kn__zip_writer;

void kn__zip_writer_init(kn__zip_writer *w, kn__zip_sink sink, void *ctx);
/* Append a stored entry whose data is the n bytes at p (borrowed, read twice: once for the
 * CRC, once to write). 0, or -1 with err set (the sink's error, MemoryError, or a
 * RuntimeError for entries or files of 4 GiB and more, which would need zip64 records). */
int kn__zip_add(kn__zip_writer *w, const char *name, const void *p, size_t n, tc_error *err);
/* Write the central directory and the end record, then release w. 0, or -1 with err set. */
int kn__zip_finish(kn__zip_writer *w, tc_error *err);
/* Release w without finishing (after a failure). */
void kn__zip_writer_free(kn__zip_writer *w);

typedef struct kn__zip kn__zip; /* an indexed archive over borrowed bytes */

/* Index the archive in data[0, n) (borrowed: it must outlive the result). The archive name
 * is the first entry's folder, as PyTorch's reader takes it. NULL with PyTorch's
 * RuntimeError ("PytorchStreamReader failed reading zip archive: ...") when the bytes are
 * not such an archive. New object, released with kn__zip_free. */
kn__zip *kn__zip_open(const uint8_t *data, size_t n, tc_error *err);
void kn__zip_free(kn__zip *z); /* NULL is fine */
/* The archive name ("archive" for "archive/data.pkl"). Borrowed. */
const char *kn__zip_archive_name(const kn__zip *z);
/* The data of record "<archive>/<name>": *p points into the borrowed bytes. Checks the
 * local header and the bounds. 0, or -1 with PyTorch's RuntimeError ("... failed
 * locating file data/0: file not found"). */
int kn__zip_find(const kn__zip *z, const char *name, const uint8_t **p, size_t *n, tc_error *err);
/* Is there a record "<archive>/<name>"? */
int kn__zip_has(const kn__zip *z, const char *name);

#endif
