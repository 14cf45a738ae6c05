/*
 * fuzz_changes.c — fuzz target of core/sync/jscan.c, the scanner that splits
 * a hub's _changes page (text other workshops wrote) without a depth limit.
 *
 * Properties checked on any input:
 * - it never reads outside the input (ASan) nor overflows (UBSan);
 * - every span it returns lies inside the input and is valid JSON alone;
 * - a page it splits is valid JSON as a whole;
 * - wherever jansson reads the input as an object, the scanner agrees: the
 *   same number of "results", the same presence of "last_seq", the same
 *   decoded last_seq string (jansson refuses more: depth > 2048, bad UTF-8,
 *   \u0000, huge numbers; the scanner checks the grammar only). Inputs
 *   holding a NUL byte are left out of the comparison: jansson 2.14 takes
 *   a bare scalar followed by a NUL ("null\0", "1\0") as valid, which
 *   libFuzzer found in its first seconds; the scanner refuses it (RFC 8259).
 *
 *   make fuzz                    libFuzzer build (clang), build-fuzz/fuzz_changes
 *   build-fuzz/fuzz_changes -max_total_time=300 tests/fuzz/corpus/changes
 * `make check` replays the corpus and a few thousand mutations of it
 * (tests/fuzz/replay.c, built with the normal compiler).
 */
#include "core/sync/jscan.h"
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) { \
        printf("FAIL fuzz_changes: %s:%d: %s\n", __FILE__, __LINE__, #c); fflush(stdout); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly size bytes: ASan sees any read past the end */
    char *s = malloc(size ? size : 1);
    if (!s) return 0;
    if (size) memcpy(s, data, size);
    int valid = jscan_valid(s, size);
    JChanges c;
    int rc = jscan_changes(s, size, &c);
    if (rc == 0) REQUIRE(valid == 0);
    for (size_t i = 0; i < c.n; i++) {
        JSpan sp = c.results[i];
        REQUIRE(sp.len > 0 && sp.off + sp.len <= size);
        REQUIRE(jscan_valid(s + sp.off, sp.len) == 0);
        JSpan v;
        int m = jscan_member(s + sp.off, sp.len, "id", &v);
        REQUIRE(m == -1 || m == 0 || m == 1);
        if (m == 1) {
            REQUIRE(v.off + v.len <= sp.len);
            free(jscan_string(s + sp.off, v, NULL));
        }
        if (jscan_member(s + sp.off, sp.len, "doc", &v) == 1) {
            size_t pos = v.off, depth = 0;
            JSpan d;
            REQUIRE(jscan_value(s + sp.off, v.off + v.len, &pos, &d, &depth) == 0);
            REQUIRE(d.off == v.off && d.len == v.len);
        }
    }
    char *last = NULL;
    size_t last_len = 0;
    if (rc == 0 && c.has_last_seq) {
        REQUIRE(c.last_seq.off + c.last_seq.len <= size);
        if (s[c.last_seq.off] == '"') {
            last = jscan_string(s, c.last_seq, &last_len);
            REQUIRE(last != NULL);
        }
    }
    json_error_t err;
    json_t *j = memchr(s, '\0', size) ? NULL : json_loadb(s, size, JSON_DECODE_ANY, &err);
    if (j) {
        REQUIRE(valid == 0);
        if (json_is_object(j)) {
            REQUIRE(rc == 0);
            json_t *r = json_object_get(j, "results");
            REQUIRE(c.has_results == json_is_array(r));
            if (json_is_array(r)) REQUIRE(c.n == json_array_size(r));
            json_t *ls = json_object_get(j, "last_seq");
            REQUIRE(c.has_last_seq == (ls != NULL));
            if (json_is_string(ls))
                REQUIRE(last && last_len == json_string_length(ls) &&
                        memcmp(last, json_string_value(ls), last_len) == 0);
        } else {
            REQUIRE(rc < 0);
        }
        json_decref(j);
    }
    free(last);
    jscan_changes_free(&c);
    free(s);
    return 0;
}
