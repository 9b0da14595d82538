/*
 * The bridge: serves zero-copy tensor access to Python processes on the same host over a
 * Unix domain socket beside the connection file (mode 0600, peer uid checked, requests
 * authenticated with the connection key). Memory travels as memfd descriptors with
 * SCM_RIGHTS. Runs on its own thread.
 */
#ifndef KN_BRIDGE_H
#define KN_BRIDGE_H

#include "kernel/interp.h"

typedef struct tkb_server tkb_server;

/* Start serving. The socket path is derived from the connection file path
 * ("kernel-XYZ.json" → "kernel-XYZ.tkbridge"). NULL with err set on failure. */
tkb_server *tkb_server_start(const char *connection_file, const char *key, kn_interp *in,
                             tc_error *err);
/* The socket path (borrowed), for %bridge. */
const char *tkb_server_path(const tkb_server *s);
/* Stop, release every lease, remove the socket. NULL is fine. */
void tkb_server_stop(tkb_server *s);

#endif
