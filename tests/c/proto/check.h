/* A minimal check macro for the proto unit tests: report file:line and count failures. */
#ifndef PROTO_CHECK_H
#define PROTO_CHECK_H
#include <stdio.h>
static int check_failures;
#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
            check_failures++;                                                                  \
        }                                                                                      \
    } while (0)
#define CHECK_DONE() (check_failures ? (fprintf(stderr, "%d failed\n", check_failures), 1) : 0)
#endif
