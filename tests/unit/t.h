/*
 * t.h — the smallest unit-test harness that fits tests/run.sh's protocol.
 *
 *   TEST(name) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(name); ...; return t_done(); }
 *
 * Each case prints "PASS name" or "FAIL name: file:line: what"; a failed
 * CHECK returns from the case at once. SKIP(why) prints "SKIP name: why".
 * t_done() returns non-zero when any case failed. T_CASE=text in the
 * environment runs only the cases whose name (with t_suffix) contains it.
 */
#ifndef BOUCLE_T_H
#define BOUCLE_T_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int t_failed_cases;      /* cases that failed so far */
static int t_case_failed;       /* the running case has failed */
static int t_case_skipped;      /* the running case asked to be skipped */
static const char *t_case_name; /* the running case */
/* appended to the names of the cases RUN from now on ("/couchdb": the same
 * cases against another backend) */
static const char *t_suffix __attribute__((unused)) = "";

#define TEST(name) static void name(void)

#define T_FAIL_(...) do { \
        printf("FAIL %s: %s:%d: ", t_case_name, __FILE__, __LINE__); \
        printf(__VA_ARGS__); printf("\n"); fflush(stdout); \
        t_case_failed = 1; return; } while (0)

#define CHECK(cond) do { if (!(cond)) T_FAIL_("%s", #cond); } while (0)
#define CHECK_MSG(cond, ...) do { if (!(cond)) T_FAIL_(__VA_ARGS__); } while (0)
#define CHECK_INT(a, b) do { long long t_a_ = (long long)(a), t_b_ = (long long)(b); \
        if (t_a_ != t_b_) T_FAIL_("%s == %lld, expected %s == %lld", #a, t_a_, #b, t_b_); } while (0)
#define CHECK_STR(a, b) do { const char *t_a_ = (a), *t_b_ = (b); \
        if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0) \
            T_FAIL_("%s == \"%s\", expected \"%s\"", #a, t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)"); } while (0)
#define CHECK_CONTAINS(hay, needle) do { const char *t_h_ = (hay), *t_n_ = (needle); \
        if (!t_h_ || !strstr(t_h_, t_n_)) \
            T_FAIL_("%s does not contain \"%s\" (it is \"%s\")", #hay, t_n_, t_h_ ? t_h_ : "(null)"); } while (0)
#define SKIP(...) do { printf("SKIP %s: ", t_case_name); printf(__VA_ARGS__); \
        printf("\n"); fflush(stdout); t_case_skipped = 1; return; } while (0)

#define RUN(name) do { \
        static char t_nm_[160]; \
        snprintf(t_nm_, sizeof t_nm_, "%s%s", #name, t_suffix); \
        if (getenv("T_CASE") && !strstr(t_nm_, getenv("T_CASE"))) break; \
        t_case_name = t_nm_; t_case_failed = 0; t_case_skipped = 0; \
        name(); \
        if (t_case_failed) t_failed_cases++; \
        else if (!t_case_skipped) { printf("PASS %s\n", t_case_name); fflush(stdout); } \
    } while (0)

static inline int t_done(void) { return t_failed_cases ? 1 : 0; }

#endif
