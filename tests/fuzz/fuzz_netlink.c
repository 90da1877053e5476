/* fuzz_netlink - the netlink reply parsers on bytes (dump replies with IPv6 addresses
 * and routes, notifications, error answers, and ethtool's replies), then the planner on the kernel state they built: ifup and ifdown
 * of every device of a fixed directory (a bond of two slaves, a VLAN on it in a
 * bridge, an address and a gateway; an 802.3ad bond) against whatever the kernel
 * claims, and bondctl status of it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ethtool_opts.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *const files[][2] = {
	{ "ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=active-backup miimon=100 primary=eth0\"\n"
			 "IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nMTU=9000\n" },
	{ "ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n" },
	{ "ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nBOND_PORT_PRIO=5\n" },
	{ "ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\nBRIDGE=br0\n" },
	{ "ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nSTP=on\nIPADDR=198.51.100.1\nPREFIX=24\n" },
	/* 802.3ad, for bondctl status's LACP findings. */
	{ "ifcfg-bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=802.3ad miimon=100 min_links=2\"\nNOZEROCONF=yes\n" },
	{ "ifcfg-eth4", "DEVICE=eth4\nMASTER=bond1\nSLAVE=yes\n" },
};

static struct ifcfg_dir cfg;
static struct netgraph g;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[64] = "/tmp/fuzz_netlink.XXXXXX", path[128];
	struct diags d = { 0 };

	if (!mkdtemp(dir))
		abort();
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		FILE *fp;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		if (!(fp = fopen(path, "w")))
			abort();
		fputs(files[i][1], fp);
		fclose(fp);
	}
	if (ifcfg_dir_scan(dir, &cfg, &d) || netgraph_load(&cfg, &g, &d) || d.errors ||
	    !fuzz_graph_plannable(&g)) {
		diags_print(&d, stderr, "fuzz_netlink", DIAG_STYLE_TOOL);
		abort();
	}
	diags_free(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kstate ks;
	struct keth eth;
	struct kerr e;

	/* The same bytes as ethtool replies too. */
	knl_feed_ethtool(data, size, &eth);
	if (eth.nfeat > sizeof(eth.feat) / sizeof(*eth.feat))
		abort();
	if (knl_feed(&ks, data, size, &e) == 0) {
		for (size_t i = 0; i < ks.nlinks; i++)
			if (kstate_link(&ks, ks.links[i].name) == NULL ||
			    kstate_link_by_index(&ks, ks.links[i].ifindex) == NULL)
				abort();
		fuzz_plan_all(&g, &ks, 0);
	}
	kstate_free(&ks);
	return 0;
}
