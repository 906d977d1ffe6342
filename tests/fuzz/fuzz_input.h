/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The input cursor the ring-level fuzz targets read their scripts with:
 * bytes are taken in order, and a script that runs out reads zeros, so
 * every prefix of an input is itself a valid (shorter) script.
 */
#ifndef SCMI_VIO_FUZZ_INPUT_H
#define SCMI_VIO_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A broken guarantee of the code under test: say which, crash loudly. */
#define require(c)                                                     \
	do {                                                           \
		if (!(c)) {                                            \
			fprintf(stderr, "%s:%d: require(%s) failed\n", \
				__FILE__, __LINE__, #c);               \
			__builtin_trap();                              \
		}                                                      \
	} while (0)

struct fz_in {
	const uint8_t *d;
	size_t n, pos;
};

static inline bool fz_left(const struct fz_in *in)
{
	return in->pos < in->n;
}

static inline uint8_t fz_u8(struct fz_in *in)
{
	return in->pos < in->n ? in->d[in->pos++] : 0;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	uint16_t v = fz_u8(in);

	return (uint16_t)(v | fz_u8(in) << 8);
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	uint32_t v = fz_u16(in);

	return v | (uint32_t)fz_u16(in) << 16;
}

#endif /* SCMI_VIO_FUZZ_INPUT_H */
