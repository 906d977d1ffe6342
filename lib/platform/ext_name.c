// SPDX-License-Identifier: BSD-3-Clause
/*
 * Resource names longer than a char[16]: SCMI 3.x's extended names
 * (POWER_DOMAIN_NAME_GET, RESET_DOMAIN_NAME_GET, VOLTAGE_DOMAIN_NAME_GET).
 *
 * A name of up to 15 characters is sent whole in the attributes reply and
 * has no extended form (its *_NAME_GET is NOT_SUPPORTED, as the attribute
 * bit announcing it is clear).  A longer one, up to 63 characters, is sent
 * there cut to its first 15 characters with the attribute bit set, and
 * whole, NUL-terminated in a char[64], by *_NAME_GET after a flags word
 * whose bits are all reserved.
 */
#include <errno.h>
#include <string.h>

#include "platform/platform_internal.h"

int scmi_vio__plat_ext_name(struct plat_ext_name *n, const char *src)
{
	size_t len;

	if (!src)
		return -EINVAL;
	len = strlen(src);
	if (len >= SCMI_VIO_PLAT_EXT_NAME_LEN)
		return -EINVAL;
	memset(n, 0, sizeof(*n));
	memcpy(n->name, src, len);
	memcpy(n->short_name, src,
	       len < SCMI_VIO_PLAT_NAME_LEN ? len : SCMI_VIO_PLAT_NAME_LEN - 1);
	n->extended = len >= SCMI_VIO_PLAT_NAME_LEN;
	return 0;
}

int32_t scmi_vio__plat_name_get(struct scmi_vio_plat_msg *m,
				const struct plat_ext_name *n)
{
	if (!n->extended)
		return SCMI_VIO_NOT_SUPPORTED;
	if (!plat_fits(m, 4 + SCMI_VIO_PLAT_EXT_NAME_LEN))
		return SCMI_VIO_COMMS_ERROR;
	plat_put(m, 0);
	memcpy(m->ret + m->ret_len, n->name, SCMI_VIO_PLAT_EXT_NAME_LEN);
	m->ret_len += SCMI_VIO_PLAT_EXT_NAME_LEN;
	return SCMI_VIO_SUCCESS;
}
