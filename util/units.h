/*
 * units.h — sizes as people read them, in the user's language: "500 GB",
 * "1.5 TB" in English; "500 Go", "1,5 To" in French (octets, decimal
 * comma). Parsing what people type is in core/wipe/media.c and core/stock/specs.c.
 */
#ifndef BOUCLE_UTIL_UNITS_H
#define BOUCLE_UTIL_UNITS_H
#include <stddef.h>
#include <stdint.h>

/* v in unit (an already translated unit name): one decimal only when it
 * says something ("1.5", "8", never "8.0"), with the language's decimal
 * separator. */
void units_amount(double v, const char *unit, char *out, size_t size);
/* The number alone, as units_amount writes it ("41,5" in French). */
void units_number(double v, char *out, size_t size);

/* Bytes in decimal steps, as drives are sold: "500 GB" for 500107862016,
 * "1 TB", "1.5 TB", "2 MB"; "—" when bytes < 0 (unknown). */
void units_bytes(int64_t bytes, char *out, size_t size);

/* The translated name of a decimal byte unit: 0 B, 1 kB, 2 MB, 3 GB, 4 TB,
 * 5 PB. */
const char *units_byte_name(int power);

/* 8192 → "8 GB", 1536 → "1.5 GB", 512 → "512 MB" (RAM's customary units). */
void units_ram_mb(int64_t mb, char *out, size_t size);
/* 256 → "256 GB", 1000 → "1 TB", 1500 → "1.5 TB". */
void units_storage_gb(int64_t gb, char *out, size_t size);

/* A price in cents as people read it: 18000 → "€180.00" in English,
 * "180,00 €" in French. */
void units_euros(long long cents, char *out, size_t size);
#endif
