// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the DHCPv4 parser (`make fuzz`), built with ASan and
 * UBSan. Oracle beyond "no crash": whatever decodes must encode again and
 * decode to the same message, and frame into a reply of the right length.
 */
#include <assert.h>
#include <string.h>
#include "access/dhcp4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t server_mac[6] = { 0x02, 0, 0x5e, 0, 0, 0x01 };
	static uint8_t again[DHCP4_MAX_LEN], frame[DHCP4_MAX_LEN + 64];
	struct dhcp4_msg m, back;
	struct dhcp4_dest to;
	int len;

	if (dhcp4_decode(data, size, &m) != DHCP4_OK)
		return 0;
	len = dhcp4_encode(&m, again, sizeof(again));
	assert(len >= DHCP4_MIN_LEN);
	assert(dhcp4_decode(again, (size_t)len, &back) == DHCP4_OK);
	assert(memcmp(&back, &m, sizeof(m)) == 0);
	dhcp4_reply_dest(&m, &m, &to);
	assert(dhcp4_frame(again, (size_t)len, server_mac, m.siaddr, &to, frame, sizeof(frame)) == len + 42);
	return 0;
}
