/*
 * syncbg.c — the background sync thread (see syncbg.h).
 *
 * Module state: one thread, one mutex guarding `st` and the request flags,
 * one condition variable the thread sleeps on between syncs. The cancel
 * flag is read by libcurl's progress callback inside the thread: setting it
 * makes a running request fail within ~50 ms.
 */
#include "core/sync/syncbg.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static SyncBgState st;            /* guarded by mu */
static int want_now, want_stop;   /* guarded by mu */
static volatile int cancel;       /* read by the HTTP client */
static char *db_path_, *config_path_;
static int interval_s_;

static void on_progress(void *arg, const SyncProgress *p)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    st.progress = *p;
    if (p->phase == SYNC_PHASE_PUSH && p->push_total >= p->push_done)
        st.status.pending = p->push_total - p->push_done;
    st.gen++;
    pthread_mutex_unlock(&mu);
}

static void push_error(const char *msg)
{
    memmove(st.errors[1], st.errors[0], sizeof st.errors[0] * (SYNCBG_ERRORS - 1));
    char when[16];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%H:%M", &tm);
    snprintf(st.errors[0], sizeof st.errors[0], "%s %s", when, msg);
    if (st.nerrors < SYNCBG_ERRORS) st.nerrors++;
}

/* One pass: configuration, sync, status. Runs without the lock. */
static void run_once(Ctx *c)
{
    SyncConfig cfg;
    Err e = {0};
    int configured = sync_config_load(c, config_path_, &cfg, &e) == 0;
    SyncStatus status;
    int have_status = 0;
    SyncResult res;
    memset(&res, 0, sizeof res);
    int rc = 0;
    if (configured) {
        /* what waits, before the network is even tried */
        int have = sync_status(c, &cfg, &status, NULL) == 0;
        pthread_mutex_lock(&mu);
        if (have) st.status = status;
        st.running = 1;
        st.configured = 1;
        st.gen++;
        pthread_mutex_unlock(&mu);
        SyncOpts o = { .retries = -1, .cancel = &cancel, .progress = on_progress };
        rc = sync_run(c, &cfg, &o, &res, &e);
    }
    Err se = {0};
    have_status = sync_status(c, configured ? &cfg : NULL, &status, &se) == 0;
    sync_config_clear(&cfg);
    pthread_mutex_lock(&mu);
    st.configured = configured;
    st.running = 0;
    if (have_status) st.status = status;
    if (configured) {
        char clock[256];
        st.last = res;
        if (sync_clock_warning(&res, clock, sizeof clock)) push_error(clock);
        if (rc < 0) push_error(e.msg);
        else if (res.rejected || res.deferred) {
            char msg[200];
            snprintf(msg, sizeof msg, ngettext("%lld document refused by the hub or kept out here",
                                                  "%lld documents refused by the hub or kept out here",
                                                  (unsigned long)(res.rejected + res.deferred)),
                     (long long)(res.rejected + res.deferred));
            push_error(msg);
        }
    }
    st.gen++;
    pthread_mutex_unlock(&mu);
}

static void *main_loop(void *arg)
{
    (void)arg;
    Ctx c;
    Err e = {0};
    if (ctx_open(&c, db_path_, DB_NOCREATE, &e) < 0) {
        pthread_mutex_lock(&mu);
        push_error(e.msg);
        st.gen++;
        pthread_mutex_unlock(&mu);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&mu);
        int stop = want_stop;
        want_now = 0;
        pthread_mutex_unlock(&mu);
        if (stop) break;
        run_once(&c);
        /* hub.interval (seconds) may change while the UI runs */
        char v[32];
        long every = interval_s_;
        if (config_get(config_path_, "hub.interval", v, sizeof v, NULL) == 1 && atol(v) >= 10) every = atol(v);
        pthread_mutex_lock(&mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += every;
        while (!want_now && !want_stop)
            if (pthread_cond_timedwait(&cv, &mu, &until) != 0) break;  /* timeout */
        pthread_mutex_unlock(&mu);
    }
    ctx_close(&c);
    return NULL;
}

int syncbg_start(const char *db_path, const char *config_path, int interval_s, Err *e)
{
    pthread_mutex_lock(&mu);
    int started = st.started;
    pthread_mutex_unlock(&mu);
    if (started) return 0;
    db_path_ = strdup(db_path);
    config_path_ = config_path ? strdup(config_path) : NULL;
    interval_s_ = interval_s > 0 ? interval_s : SYNCBG_INTERVAL_S;
    want_stop = want_now = 0;
    cancel = 0;
    if (!db_path_ || pthread_create(&thread, NULL, main_loop, NULL) != 0) {
        free(db_path_);
        free(config_path_);
        db_path_ = config_path_ = NULL;
        return err_set(e, ERR_INTERNAL, _("cannot start the background sync"));
    }
    pthread_mutex_lock(&mu);
    st.started = 1;
    st.gen++;
    pthread_mutex_unlock(&mu);
    return 0;
}

void syncbg_now(void)
{
    pthread_mutex_lock(&mu);
    want_now = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
}

void syncbg_get(SyncBgState *out)
{
    pthread_mutex_lock(&mu);
    *out = st;
    pthread_mutex_unlock(&mu);
}

void syncbg_stop(void)
{
    pthread_mutex_lock(&mu);
    int started = st.started;
    want_stop = 1;
    cancel = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    if (!started) return;
    pthread_join(thread, NULL);
    free(db_path_);
    free(config_path_);
    db_path_ = config_path_ = NULL;
    pthread_mutex_lock(&mu);
    memset(&st, 0, sizeof st);
    pthread_mutex_unlock(&mu);
}
