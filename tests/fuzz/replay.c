/*
 * replay.c — runs a fuzz target without libFuzzer, for `make check`: every
 * file of its seed corpus (tests/fuzz/corpus/<name>/), then a few thousand
 * deterministic mutations of them (byte flips, cuts, structural bytes,
 * invalid UTF-8, deep nesting, duplicated ranges), then a few large inputs.
 * Built as $(BUILD)/tests/test_fuzz_<name> with the normal compiler (and
 * under ASan+UBSan by `make check`'s second pass). A broken property aborts
 * the program after its FAIL line.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUTATIONS 4000

typedef struct Buf { uint8_t *p; size_t len; } Buf;

static uint64_t rnd_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    uint64_t x = rnd_state;
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    return rnd_state = x;
}

static Buf read_file(const char *path)
{
    Buf b = { NULL, 0 };
    FILE *f = fopen(path, "rb");
    if (!f) return b;
    size_t cap = 4096;
    b.p = malloc(cap);
    size_t n;
    while ((n = fread(b.p + b.len, 1, cap - b.len, f)) > 0) {
        b.len += n;
        if (b.len == cap) b.p = realloc(b.p, cap *= 2);
    }
    fclose(f);
    return b;
}

static void insert(Buf *b, size_t at, const uint8_t *src, size_t n)
{
    b->p = realloc(b->p, b->len + n + 1);
    memmove(b->p + at + n, b->p + at, b->len - at);
    memcpy(b->p + at, src, n);
    b->len += n;
}

static void mutate(Buf *b)
{
    static const char structural[] = "{}[]\",:\\ 0123456789-+.eEtrufalsn";
    size_t at = b->len ? (size_t)(rnd() % (b->len + 1)) : 0;
    switch (rnd() % 9) {
    case 0: if (b->len) b->p[rnd() % b->len] ^= (uint8_t)(1u << (rnd() % 8)); break;
    case 1: b->len = at; break;                                   /* cut short */
    case 2: { uint8_t c = (uint8_t)structural[rnd() % (sizeof structural - 1)]; insert(b, at, &c, 1); break; }
    case 3: if (b->len > at) { size_t n = rnd() % (b->len - at + 1); memmove(b->p + at, b->p + at + n, b->len - at - n); b->len -= n; } break;
    case 4: { static const uint8_t bad[][2] = { {0xff, 0xfe}, {0xc0, 0x80}, {0xed, 0xa0}, {0x00, 0x01} };
              insert(b, at, bad[rnd() % 4], 2); break; }
    case 5: { size_t n = 1 + rnd() % 3000; uint8_t *d = malloc(n);
              memset(d, rnd() % 2 ? '[' : '{', n); insert(b, at, d, n); free(d); break; }
    case 6: if (b->len > at) { size_t n = 1 + rnd() % (b->len - at); uint8_t *d = malloc(n);
              memcpy(d, b->p + at, n); insert(b, rnd() % (b->len + 1), d, n); free(d); } break;
    case 7: { static const char *esc[] = { "\\u0000", "\\ud800", "\\udc00\\ud800", "\\u00e9", "\\\"", "\\x" };
              const char *e = esc[rnd() % 6]; insert(b, at, (const uint8_t *)e, strlen(e)); break; }
    default: if (b->len) b->p[rnd() % b->len] = (uint8_t)rnd(); break;
    }
}

/* A page whose one document is nested depth levels deep. */
static Buf deep_page(size_t depth)
{
    const char *head = "{\"results\":[{\"seq\":1,\"id\":\"a\",\"doc\":";
    const char *tail = "}],\"last_seq\":\"1-g1AAAA\"}";
    Buf b;
    b.len = strlen(head) + 2 * depth + 1 + strlen(tail);
    b.p = malloc(b.len);
    size_t o = 0;
    memcpy(b.p, head, strlen(head)); o += strlen(head);
    memset(b.p + o, '[', depth); o += depth;
    b.p[o++] = '1';
    memset(b.p + o, ']', depth); o += depth;
    memcpy(b.p + o, tail, strlen(tail));
    return b;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    const char *name = strncmp(base, "test_fuzz_", 10) == 0 ? base + 10 : base;
    char dir[1024];
    const char *top = getenv("BOUCLE_TOP");
    if (argc > 1) snprintf(dir, sizeof dir, "%s", argv[1]);
    else snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top && *top ? top : ".", name);
    DIR *d = opendir(dir);
    if (!d) { printf("FAIL fuzz_%s_corpus: no corpus in %s\n", name, dir); return 1; }
    Buf seeds[256];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 256) {
        if (de->d_name[0] == '.') continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        seeds[n] = read_file(path);
        if (seeds[n].p) n++;
    }
    closedir(d);
    if (n == 0) { printf("FAIL fuzz_%s_corpus: %s is empty\n", name, dir); return 1; }
    for (size_t i = 0; i < n; i++) LLVMFuzzerTestOneInput(seeds[i].p, seeds[i].len);
    printf("PASS fuzz_%s_corpus (%zu inputs)\n", name, n);
    for (int k = 0; k < MUTATIONS; k++) {
        Buf *s = &seeds[rnd() % n];
        Buf m = { malloc(s->len + 1), s->len };
        memcpy(m.p, s->p, s->len);
        int times = 1 + (int)(rnd() % 4);
        for (int t = 0; t < times; t++) mutate(&m);
        LLVMFuzzerTestOneInput(m.p, m.len);
        free(m.p);
    }
    printf("PASS fuzz_%s_mutations (%d inputs)\n", name, MUTATIONS);
    size_t depths[] = { 2047, 2049, 3000, 100000 };
    for (size_t i = 0; i < 4; i++) {
        Buf b = deep_page(depths[i]);
        LLVMFuzzerTestOneInput(b.p, b.len);
        b.len -= 3;      /* and cut short */
        LLVMFuzzerTestOneInput(b.p, b.len);
        free(b.p);
    }
    printf("PASS fuzz_%s_deep (up to 100 000 levels)\n", name);
    for (size_t i = 0; i < n; i++) free(seeds[i].p);
    return 0;
}
