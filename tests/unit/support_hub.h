/*
 * support_hub.h — test helper: a real hub (PouchDB Server, in memory) on a
 * free loopback port, and the fault-injecting proxy (tests/lib/faultproxy.py)
 * in front of it. Start-up waits are bounded (15 s).
 */
#ifndef BOUCLE_SUPPORT_HUB_H
#define BOUCLE_SUPPORT_HUB_H
#include <stddef.h>
#include <sys/types.h>

typedef struct TestHub {
    pid_t pid;
    int port;
    char url[64];          /* http://127.0.0.1:PORT */
    char dir[64];          /* its working folder */
    char admin_url[128];   /* http://admin:PW@127.0.0.1:PORT when with_admin */
} TestHub;

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
