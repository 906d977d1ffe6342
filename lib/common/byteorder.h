/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Little-endian wire fields (virtio 1.x and SCMI are both little-endian).
 * On little-endian hosts these compile to nothing.
 */
#ifndef SCMI_VIO_COMMON_BYTEORDER_H
#define SCMI_VIO_COMMON_BYTEORDER_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define sv_cpu_to_le16(x) __builtin_bswap16(x)
#define sv_cpu_to_le32(x) __builtin_bswap32(x)
#define sv_cpu_to_le64(x) __builtin_bswap64(x)
#else
#define sv_cpu_to_le16(x) ((uint16_t)(x))
#define sv_cpu_to_le32(x) ((uint32_t)(x))
#define sv_cpu_to_le64(x) ((uint64_t)(x))
#endif
#define sv_le16_to_cpu(x) sv_cpu_to_le16(x)
#define sv_le32_to_cpu(x) sv_cpu_to_le32(x)
#define sv_le64_to_cpu(x) sv_cpu_to_le64(x)

/* Unaligned little-endian access to byte buffers (SCMI payloads). */
static inline uint32_t sv_get_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return sv_le32_to_cpu(v);
}

static inline void sv_put_le32(void *p, uint32_t v)
{
	v = sv_cpu_to_le32(v);
	memcpy(p, &v, sizeof(v));
}

static inline uint64_t sv_get_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return sv_le64_to_cpu(v);
}

static inline void sv_put_le64(void *p, uint64_t v)
{
	v = sv_cpu_to_le64(v);
	memcpy(p, &v, sizeof(v));
}

#endif /* SCMI_VIO_COMMON_BYTEORDER_H */
