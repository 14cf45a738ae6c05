/*
 * support_hub.h — test helper: a real hub on loopback — PouchDB Server in
 * memory on a free port, or a 3-node Apache CouchDB 3.5 cluster (q=2, n=3)
 * started with ../shared/couchdb/couchdb from the release built into
 * $BOUCLE_COUCHDB_BUILD (default /var/tmp/couchdb), or the CouchDB named by
 * $BOUCLE_TEST_COUCHDB=http://admin:PW@host:port (used, never stopped) —
 * and the fault-injecting proxy (tests/lib/faultproxy.py) in front of it.
 * Start-up waits are bounded (15 s for PouchDB, 60 s a node for CouchDB).
 *
 * A test program starts each hub once and runs its cases against both
 * (TEST_HUB_KINDS): starting a cluster costs seconds. Each case uses its own
 * database (test_hub_db_name), so that cases do not see each other's data.
 */
#ifndef BOUCLE_SUPPORT_HUB_H
#define BOUCLE_SUPPORT_HUB_H
#include <stddef.h>
#include <sys/types.h>

typedef enum { TEST_HUB_POUCHDB, TEST_HUB_COUCHDB } TestHubKind;
#define TEST_HUB_KINDS 2
#define TEST_COUCH_NODES 3

typedef struct TestHub {
    TestHubKind kind;
    pid_t pid;
    int port;
    char url[64];          /* http://127.0.0.1:PORT */
    char dir[64];          /* its working folder */
    char admin_url[128];   /* http://admin:PW@127.0.0.1:PORT when with_admin */
    /* CouchDB: the nodes listen on port, port+1, port+2 (url is node 1's) */
    int external;          /* $BOUCLE_TEST_COUCHDB: not started, not stopped */
    char run[64];          /* the cluster's run folder (RUN/nodeI/couch.pid) */
} TestHub;

/* "pouchdb" or "couchdb": the suffix of the cases' names. */
const char *test_hub_tag(const TestHub *h);
/* Starts (or finds) the hub of that kind: test_hub_start with an admin, or
 * test_couch_start. Same return values. */
int test_hub_start_kind(TestHub *h, TestHubKind kind, char *why, size_t why_size);
/* The 3-node cluster (or $BOUCLE_TEST_COUCHDB), admin admin:admin-test-pw.
 * 0 started; 1 not available here (no ../shared/couchdb, release not built:
 * why says so); -1 failed. */
int test_couch_start(TestHub *h, char *why, size_t why_size);
/* A database name of its own for each call: "<prefix><pid>x<n>". */
void test_hub_db_name(const char *prefix, char *out, size_t size);
/* The VM's PID of node i (1..3), 0 when unknown (external or stopped). */
pid_t test_couch_node_pid(const TestHub *h, int i);
/* kill -9 of node i. 0, or -1 (not ours, no PID). */
int test_couch_node_kill(TestHub *h, int i);
/* Starts node i again (after a kill) and waits until it answers and the
 * cluster sees it. 0 or -1. */
int test_couch_node_restart(TestHub *h, int i);
/* http://127.0.0.1:PORT of node i. */
void test_couch_node_url(const TestHub *h, int i, char *out, size_t size);

/* 0 started; 1 not available here (why says what the machine lacks);
 * -1 failed to start (why says so). with_admin creates admin:admin-test-pw. */
int test_hub_start(TestHub *h, int with_admin, char *why, size_t why_size);
void test_hub_stop(TestHub *h);
/* A free loopback TCP port, or -1. */
int test_free_port(void);

typedef struct TestProxy {
    pid_t pid;
    int port;
    char url[64];
    char ctl[96];          /* the file the test writes the fault plan into */
} TestProxy;

/* Starts the fault proxy in front of target_port. 0, 1 unavailable, -1. */
int test_proxy_start(TestProxy *p, int target_port, char *why, size_t why_size);
/* Sets the fault plan (see faultproxy.py), e.g. "drop_mid=0.3 seed=7". */
int test_proxy_plan(TestProxy *p, const char *plan);
void test_proxy_stop(TestProxy *p);

/* An HTTPS server on loopback whose certificate expired in 2020 (made with
 * openssl under faketime); cafile trusts it, so only the date is wrong. */
typedef struct TestTls {
    pid_t pid;
    int port;
    char url[64];
    char dir[64];
    char cafile[96];
} TestTls;
int test_tls_expired_start(TestTls *t, char *why, size_t why_size);
void test_tls_stop(TestTls *t);

#endif
