// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The one way bindings get into the data plane: a home address (or home
 * prefix) and the tunnel that reaches it. Exact home addresses go to the hash
 * maps, prefixes to the LPM tries; the caller does not choose. Values are
 * checked here so that the BPF side can trust them.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include "dataplane_internal.h"
#include "xmip_abi_access.h"

static int tunnel_valid(const struct xmip_tunnel *t, struct xmip_error *err)
{
	int outer_v4 = !xmip_tunnel_outer_v6(t->format);
	int udp = xmip_tunnel_udp_port(t->format) != 0;

	if (!xmip_tunnel_format_valid(t->format))
		return xmip_err(err, -EINVAL, "invalid tunnel format %u", t->format);
	/* IPv4 addresses live in the first word; the rest must be zero so that
	 * two encodings of one address never differ. */
	if (outer_v4 && (t->remote.v6[1] | t->remote.v6[2] | t->remote.v6[3] |
			 t->local.v6[1] | t->local.v6[2] | t->local.v6[3]))
		return xmip_err(err, -EINVAL, "IPv4 tunnel endpoints must have zero padding");
	if (udp && (!t->remote_port || !t->local_port))
		return xmip_err(err, -EINVAL, "UDP tunnel needs both ports");
	return 0;
}

/* Zeroes the bits of addr beyond len, as the LPM trie compares them. */
static void mask_prefix(__u8 *addr, size_t size, unsigned int len)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (len >= 8) {
			len -= 8;
			continue;
		}
		addr[i] &= (__u8)(0xff << (8 - len));
		len = 0;
	}
}

/* Picks the map and builds its key for a home address or prefix. */
static int home_key(const struct xmip_dp *dp, const struct xmip_home *home,
		    void *key, int *fd, struct xmip_error *err)
{
	if (home->family == AF_INET6 && home->prefixlen == 128) {
		memcpy(key, &home->addr, sizeof(union xmip_addr));
		*fd = dp->map_fd[XMIP_MAPID_BIND6];
	} else if (home->family == AF_INET6 && home->prefixlen >= 1 && home->prefixlen < 128) {
		struct xmip_lpm6_key *k = key;

		k->prefixlen = home->prefixlen;
		memcpy(k->addr, home->addr.bytes, 16);
		mask_prefix(k->addr, 16, home->prefixlen);
		*fd = dp->map_fd[XMIP_MAPID_PREFIX6];
	} else if (home->family == AF_INET && home->prefixlen == 32) {
		memcpy(key, &home->addr.v4, sizeof(__be32));
		*fd = dp->map_fd[XMIP_MAPID_BIND4];
	} else if (home->family == AF_INET && home->prefixlen >= 1 && home->prefixlen < 32) {
		struct xmip_lpm4_key *k = key;

		k->prefixlen = home->prefixlen;
		k->addr = home->addr.v4;
		mask_prefix((__u8 *)&k->addr, 4, home->prefixlen);
		*fd = dp->map_fd[XMIP_MAPID_PREFIX4];
	} else {
		return xmip_err(err, -EINVAL, "invalid home address: family %d, prefix length %u",
				home->family, home->prefixlen);
	}
	return 0;
}

int xmip_binding_update(struct xmip_dp *dp, const struct xmip_home *home,
			const struct xmip_tunnel *tun, struct xmip_error *err)
{
	unsigned char key[sizeof(struct xmip_lpm6_key)] = { 0 };
	int fd, ret;

	ret = tunnel_valid(tun, err);
	if (!ret)
		ret = home_key(dp, home, key, &fd, err);
	if (ret)
		return ret;
	/* One update: readers see the old tunnel or the new one, never a mix. */
	if (bpf_map_update_elem(fd, key, tun, BPF_ANY))
		return xmip_err(err, -errno, "writing binding: %s%s", strerror(errno),
				errno == E2BIG ? " (binding map full: raise dataplane.max_bindings)" : "");
	return 0;
}

int xmip_binding_delete(struct xmip_dp *dp, const struct xmip_home *home, struct xmip_error *err)
{
	unsigned char key[sizeof(struct xmip_lpm6_key)] = { 0 };
	int fd, ret = home_key(dp, home, key, &fd, err);

	if (ret)
		return ret;
	if (bpf_map_delete_elem(fd, key) && errno != ENOENT)
		return xmip_err(err, -errno, "deleting binding: %s", strerror(errno));
	return 0;
}

static int mn_tunnel_write(struct xmip_dp *dp, __u32 key, const struct xmip_tunnel *tun,
			   struct xmip_error *err)
{
	int ret = tunnel_valid(tun, err);

	if (ret)
		return ret;
	if (bpf_map_update_elem(dp->map_fd[XMIP_MAPID_MN_TUNNEL], &key, tun, BPF_ANY))
		return xmip_err(err, -errno, "writing the tunnel: %s", strerror(errno));
	return 0;
}

int xmip_mn_tunnel_update(struct xmip_dp *dp, const struct xmip_tunnel *tun,
			  struct xmip_error *err)
{
	return mn_tunnel_write(dp, XMIP_MN_TUNNEL_DATA, tun, err);
}

int xmip_mn_signal_path_update(struct xmip_dp *dp, const struct xmip_tunnel *tun,
			       struct xmip_error *err)
{
	return mn_tunnel_write(dp, XMIP_MN_TUNNEL_SIGNAL, tun, err);
}

int xmip_sig_seen_lookup(struct xmip_dp *dp, const struct in6_addr *hoa6,
			 struct xmip_sig_seen *out, struct xmip_error *err)
{
	union xmip_addr key = { 0 };

	memcpy(key.bytes, hoa6, 16);
	if (bpf_map_lookup_elem(dp->map_fd[XMIP_MAPID_SIG_SEEN], &key, out)) {
		if (errno == ENOENT)
			return -ENOENT;
		return xmip_err(err, -errno, "reading the signalling record: %s", strerror(errno));
	}
	return 0;
}

int xmip_sig_seen_delete(struct xmip_dp *dp, const struct in6_addr *hoa6)
{
	union xmip_addr key = { 0 };

	memcpy(key.bytes, hoa6, 16);
	return bpf_map_delete_elem(dp->map_fd[XMIP_MAPID_SIG_SEEN], &key) ? -errno : 0;
}

int xmip_known_home_add(struct xmip_dp *dp, const struct in6_addr *hoa6, struct xmip_error *err)
{
	union xmip_addr value = { 0 };

	memcpy(value.bytes, hoa6, 16);
	/* A bloom filter has no key: the element is the value. */
	if (bpf_map_update_elem(dp->map_fd[XMIP_MAPID_KNOWN_HOME], NULL, &value, BPF_ANY))
		return xmip_err(err, -errno, "adding a home address to %s: %s", XMIP_MAP_KNOWN_HOME,
				strerror(errno));
	return 0;
}

int xmip_mn_tunnel_clear(struct xmip_dp *dp, struct xmip_error *err)
{
	__u32 key;

	for (key = XMIP_MN_TUNNEL_DATA; key <= XMIP_MN_TUNNEL_SIGNAL; key++)
		if (bpf_map_delete_elem(dp->map_fd[XMIP_MAPID_MN_TUNNEL], &key) && errno != ENOENT)
			return xmip_err(err, -errno, "clearing the tunnel: %s", strerror(errno));
	return 0;
}

int xmip_access_host_update(struct xmip_dp *dp, struct in_addr addr, const uint8_t mac[6], uint32_t ifindex,
			    struct xmip_error *err)
{
	struct xmip_access_host h = { .ifindex = ifindex };

	if (dp->map_fd[XMIP_MAPID_ACCESS_HOST] < 0)
		return xmip_err(err, -EINVAL, "this data plane attaches no hosts");
	memcpy(h.mac, mac, sizeof(h.mac));
	if (bpf_map_update_elem(dp->map_fd[XMIP_MAPID_ACCESS_HOST], &addr.s_addr, &h, BPF_ANY))
		return xmip_err(err, -errno, "attaching a host: %s", strerror(errno));
	return 0;
}

int xmip_access_host_delete(struct xmip_dp *dp, struct in_addr addr, struct xmip_error *err)
{
	if (dp->map_fd[XMIP_MAPID_ACCESS_HOST] < 0)
		return xmip_err(err, -EINVAL, "this data plane attaches no hosts");
	if (bpf_map_delete_elem(dp->map_fd[XMIP_MAPID_ACCESS_HOST], &addr.s_addr) && errno != ENOENT)
		return xmip_err(err, -errno, "detaching a host: %s", strerror(errno));
	return 0;
}
