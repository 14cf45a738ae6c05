/*
 * fuzz_doc.c — differential fuzz target of the fast path of a pulled
 * document (core/sync/state.c sync_doc_event_text), which reads an event
 * that another workshop wrote with the scanner alone and keeps its payload
 * text as the hub gave it.
 *
 * Properties checked on any input that the scanner takes as one JSON value
 * of bounded depth (what pull.c hands it):
 * - it never reads outside the input (ASan) nor overflows (UBSan);
 * - whatever it accepts, jansson parses too, sync_doc_event accepts with
 *   the same id, clock, workshop, operator, device and kind, and the kept
 *   payload text parses to a JSON object equal to jansson's payload: the
 *   fast path never takes what the slow path refuses, nor reads it
 *   otherwise;
 * - what sync_doc_chain_type calls an anchor, head or key, neither path
 *   takes for an event.
 *
 *   make fuzz     libFuzzer build (clang), build-fuzz/fuzz_doc
 *   build-fuzz/fuzz_doc -max_total_time=300 tests/fuzz/corpus/doc
 * `make check` replays the corpus and mutations of it (tests/fuzz/replay.c).
 */
#include "core/sync/jscan.h"
#include "core/sync/sync.h"
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) { \
        printf("FAIL fuzz_doc: %s:%d: %s\n", __FILE__, __LINE__, #c); fflush(stdout); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    if (!s) return 0;
    if (size) memcpy(s, data, size);
    size_t pos = 0, depth = 0;
    JSpan sp;
    /* pull.c's caller: one scanned value, depth bounded, size bounded */
    if (jscan_value(s, size, &pos, &sp, &depth) != 0 || depth > SYNC_DOC_DEPTH_MAX || size > SYNC_DOC_MAX) {
        free(s);
        return 0;
    }
    Event ev;
    char *text = NULL;
    int fast = sync_doc_event_text(s + sp.off, sp.len, &ev, &text);
    REQUIRE(fast == 0 || fast == 1);
    if (fast == 1) {
        REQUIRE(text && text[0] == '{');
        json_error_t jerr;
        json_t *doc = json_loadb(s + sp.off, sp.len, 0, &jerr);
        REQUIRE(doc != NULL);
        Event slow;
        Err e = { 0 };
        REQUIRE(sync_doc_event(doc, &slow, &e) == 1);
        REQUIRE(strcmp(ev.id, slow.id) == 0);
        REQUIRE(ev.hlc == slow.hlc);
        REQUIRE(strcmp(ev.workshop, slow.workshop) == 0);
        REQUIRE(strcmp(ev.operator, slow.operator) == 0);
        REQUIRE(strcmp(ev.device, slow.device) == 0);
        REQUIRE(strcmp(ev.kind, slow.kind) == 0);
        json_t *p = json_loads(text, 0, &jerr);
        REQUIRE(json_is_object(p));
        REQUIRE(json_equal(p, slow.payload));
        json_decref(p);
        event_free(&slow);
        json_decref(doc);
    } else {
        REQUIRE(text == NULL);
    }
    /* a chain anchor, head or key (skipped by the pull) is never an event
     * for either path */
    if (sync_doc_chain_type(s + sp.off, sp.len)) {
        REQUIRE(fast == 0);
        json_error_t jerr;
        json_t *doc = json_loadb(s + sp.off, sp.len, 0, &jerr);
        if (doc) {
            Event slow;
            Err e = { 0 };
            REQUIRE(sync_doc_event(doc, &slow, &e) == 0);
            json_decref(doc);
        }
    }
    free(text);
    free(s);
    return 0;
}
