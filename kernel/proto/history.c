/*
 * The session's input history, in memory: the cells executed with store_history, their
 * text/plain results, and the three history_request access types (tail, range, search).
 * There is one session, numbered 1; session 0 means "the current one", as in IPython.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/proto/proto-impl.h"

#define KN_SESSION_NUMBER 1

void kn__history_add(kn_history *h, int line, const char *input) {
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        kn_hist_item *items = tc_realloc(h->items, cap * sizeof *items);
        if (!items) return;
        h->items = items;
        h->cap = cap;
    }
    char *copy = tc_strdup(input);
    if (!copy) return;
    h->items[h->n++] = (kn_hist_item){.line = line, .input = copy};
}

void kn__history_set_output(kn_history *h, int line, const char *output) {
    for (size_t i = h->n; i-- > 0;) {
        if (h->items[i].line != line) continue;
        tc_free(h->items[i].output);
        h->items[i].output = tc_strdup(output);
        return;
    }
}

void kn__history_free(kn_history *h) {
    for (size_t i = 0; i < h->n; i++) {
        tc_free(h->items[i].input);
        tc_free(h->items[i].output);
    }
    tc_free(h->items);
    memset(h, 0, sizeof *h);
}

static json_t *entry(const kn_hist_item *it, bool output) {
    if (!output) return json_pack("[i, i, s]", KN_SESSION_NUMBER, it->line, it->input);
    return json_pack("[i, i, [s, s?]]", KN_SESSION_NUMBER, it->line, it->input, it->output);
}

static long num(const json_t *req, const char *name, long def) {
    json_t *v = json_object_get(req, name);
    return json_is_number(v) ? (long)json_number_value(v) : def;
}

static json_t *tail(const kn_history *h, long n, bool output) {
    json_t *out = json_array();
    size_t first = n >= 0 && (size_t)n < h->n ? h->n - (size_t)n : 0;
    for (size_t i = first; i < h->n; i++) json_array_append_new(out, entry(&h->items[i], output));
    return out;
}

static json_t *range(const kn_history *h, long session, long start, long stop, bool output) {
    json_t *out = json_array();
    if (session != 0 && session != KN_SESSION_NUMBER) return out; /* no earlier sessions */
    for (size_t i = 0; i < h->n; i++) {
        int line = h->items[i].line;
        if (line >= start && (stop <= 0 || line < stop))
            json_array_append_new(out, entry(&h->items[i], output));
    }
    return out;
}

static bool seen_later(const kn_history *h, size_t i, const char *pattern) {
    for (size_t j = i + 1; j < h->n; j++)
        if (strcmp(h->items[j].input, h->items[i].input) == 0 &&
            fnmatch(pattern, h->items[j].input, 0) == 0)
            return true;
    return false;
}

/* Matches of a glob pattern, oldest first; with unique the latest of equal inputs; with
 * n > 0 only the last n. */
static json_t *search(const kn_history *h, const char *pattern, bool unique, long n,
                      bool output) {
    json_t *all = json_array();
    for (size_t i = 0; i < h->n; i++) {
        if (fnmatch(pattern, h->items[i].input, 0) != 0) continue;
        if (unique && seen_later(h, i, pattern)) continue;
        json_array_append_new(all, entry(&h->items[i], output));
    }
    if (n <= 0 || (size_t)n >= json_array_size(all)) return all;
    json_t *out = json_array();
    for (size_t i = json_array_size(all) - (size_t)n; i < json_array_size(all); i++)
        json_array_append(out, json_array_get(all, i));
    json_decref(all);
    return out;
}

json_t *kn__history_query(const kn_history *h, const json_t *req, tc_error *err) {
    json_t *type = json_object_get(req, "hist_access_type");
    json_t *out_flag = json_object_get(req, "output");
    json_t *pattern = json_object_get(req, "pattern");
    if (!json_is_string(type)) {
        tc_error_set(err, TC_EXC_TYPE, "history_request: 'hist_access_type' must be a string");
        return NULL;
    }
    bool output = json_is_true(out_flag);
    const char *t = json_string_value(type);
    json_t *hist;
    if (strcmp(t, "tail") == 0) hist = tail(h, num(req, "n", 10), output);
    else if (strcmp(t, "range") == 0)
        hist = range(h, num(req, "session", 0), num(req, "start", 1), num(req, "stop", 0), output);
    else if (strcmp(t, "search") == 0)
        hist = search(h, json_is_string(pattern) ? json_string_value(pattern) : "*",
                      json_is_true(json_object_get(req, "unique")), num(req, "n", 0), output);
    else {
        tc_error_set(err, TC_EXC_VALUE, "history_request: unknown hist_access_type '%s'", t);
        return NULL;
    }
    return json_pack("{s:s, s:o}", "status", "ok", "history", hist);
}
