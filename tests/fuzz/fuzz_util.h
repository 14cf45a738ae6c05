/*
 * fuzz_util.h — helpers shared by the fuzz targets (header only, so that
 * each target stays one translation unit plus replay.c or libFuzzer).
 *
 * Parsers that only take a path read the input from a memfd through
 * /proc/self/fd/N: the same fopen() the program does, without a disk
 * write per execution.
 */
#ifndef BOUCLE_FUZZ_UTIL_H
#define BOUCLE_FUZZ_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_REQUIRE(name, c) do { if (!(c)) { \
        printf("FAIL fuzz_%s: %s:%d: %s\n", name, __FILE__, __LINE__, #c); fflush(stdout); abort(); } } while (0)

/* The input as a file: fills path ("/proc/self/fd/N") and returns 0, or -1.
 * One memfd per process, rewritten at each call. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t psize)
{
    static int fd = -1;
    if (fd < 0) fd = memfd_create("fuzz", 0);
    if (fd < 0) return -1;
    if (ftruncate(fd, 0) < 0) return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
        if (w <= 0) return -1;
        off += (size_t)w;
    }
    snprintf(path, psize, "/proc/self/fd/%d", fd);
    return 0;
}

/* A NUL-terminated copy of the input (malloc'd; NULL when out of memory). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return NULL;
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* 1 when the fixed-size field holds a NUL (a C string that ends in it). */
#define FUZZ_TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

#endif
