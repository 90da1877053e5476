/* fuzz_graph - a whole directory from one input: the scan, the lint, the graph and
 * the planner.  The input is files separated by lines "--- NAME" (the file becomes
 * ifcfg-NAME; before the first such line, ifcfg-eth0); a NAME that starts with
 * "route-", "route6-", "rule-" or "rule6-" is that side file, and "network" is the
 * directory's /etc/sysconfig/network (the file beside it).  Every device is planned up
 * and down twice: against a kernel with none of them, and against one where each
 * exists in a state the input's first byte picks (up or down, enslaved or not, its
 * first address present or not). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/stat.h>
#include "lint.h"
#include "fuzz_common.h"
#include "kind.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* <linux/if.h>; <net/if.h> lacks it */
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_FILES 12

static char top[64], dir[96], global[96];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(top, sizeof(top), "/tmp/fuzz_graph.XXXXXX");
	if (!mkdtemp(top))
		abort();
	snprintf(dir, sizeof(dir), "%s/network-scripts", top);
	snprintf(global, sizeof(global), "%s/network", top);
	if (mkdir(dir, 0700))
		abort();
	return 0;
}

static void empty_dir(void)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[512];

	if (!dp)
		abort();
	while ((de = readdir(dp)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	closedir(dp);
	unlink(global);
}

static int side_name(const char *name, size_t nlen)
{
	static const char *const prefix[] = { "route-", "route6-", "rule-", "rule6-" };

	for (size_t i = 0; i < sizeof(prefix) / sizeof(*prefix); i++)
		if (nlen > strlen(prefix[i]) && !strncmp(name, prefix[i], strlen(prefix[i])))
			return 1;
	return 0;
}

static void write_file(const char *name, size_t nlen, const uint8_t *p, size_t len)
{
	char path[512];
	FILE *fp;

	if (nlen == 7 && !memcmp(name, "network", 7))
		snprintf(path, sizeof(path), "%s", global);
	else
		snprintf(path, sizeof(path), "%s/%s%.*s", dir, side_name(name, nlen) ? "" : "ifcfg-",
			 (int)nlen, name);
	if (!(fp = fopen(path, "w")))
		return;		/* a name the file system refuses */
	fwrite(p, 1, len, fp);
	fclose(fp);
}

/* NAME: up to 22 bytes of anything but '/' and NUL, so hostile names reach the scan. */
static void split(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *body = data;
	const char *name = "eth0";
	size_t nlen = 4, nfiles = 0;

	while (p < end && nfiles < MAX_FILES) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		const uint8_t *eol = nl ? nl : end;

		if (eol - p > 4 && !memcmp(p, "--- ", 4)) {
			write_file(name, nlen, body, (size_t)(p - body));
			nfiles++;
			name = (const char *)p + 4;
			nlen = (size_t)(eol - p - 4);
			nlen = nlen > 22 ? 22 : nlen;	/* "route6-" and 15 bytes */
			for (size_t i = 0; i < nlen; i++)
				if (name[i] == '/' || !name[i])
					nlen = i;
			body = nl ? nl + 1 : end;
		}
		p = nl ? nl + 1 : end;
	}
	if (nfiles < MAX_FILES)
		write_file(name, nlen, body, (size_t)(end - body));
}

static const char *kernel_kind(const struct kind_ops *k)
{
	if (k == &kind_bond || k == &kind_bridge || k == &kind_vlan)
		return k->name;
	return k == &kind_loopback ? "" : "veth";
}

/* Each device of g as a link, in a state chosen by the bits of pick. */
static int synth(const struct netgraph *g, unsigned pick, struct kstate *ks)
{
	memset(ks, 0, sizeof(*ks));
	ks->links = calloc(g->n ? g->n : 1, sizeof(*ks->links));
	ks->addrs = calloc(g->n ? g->n : 1, sizeof(*ks->addrs));
	if (!ks->links || !ks->addrs)
		return -1;
	for (size_t i = 0; i < g->n; i++) {
		const struct netcfg_dev *dev = &g->v[i].dev;
		struct klink *l = &ks->links[ks->nlinks++];
		unsigned bits = pick >> (i % 8);

		l->ifindex = (int)i + 1;
		snprintf(l->name, sizeof(l->name), "%s", dev->name);
		snprintf(l->kind, sizeof(l->kind), "%s", kernel_kind(dev->kind));
		l->flags = bits & 1 ? IFF_UP | IFF_LOWER_UP | IFF_RUNNING : 0;
		l->mtu = 1500;
		l->addr_len = 6;
		l->addr[0] = 2, l->addr[5] = (uint8_t)i;
		if (dev->kind == &kind_bond) {
			l->has_bond = 1;
			l->bond = dev->k.bond.opts;
			bond_opts_fill_defaults(&l->bond);
		}
		if (dev->kind == &kind_vlan) {
			l->has_vlan = 1;
			l->vlan_id = (uint16_t)dev->k.vlan.id;
			l->link = (int)g->v[i].lower + 1;
		}
		if (dev->kind == &kind_bridge)
			l->has_bridge = 1;
		if ((bits & 2) && g->v[i].controller >= 0) {
			const struct netcfg_dev *c = &g->v[g->v[i].controller].dev;

			l->master = (int)g->v[i].controller + 1;
			snprintf(l->slave_kind, sizeof(l->slave_kind), "%s", kernel_kind(c->kind));
			l->has_slave = c->kind == &kind_bond;
			l->has_brport = c->kind == &kind_bridge;
		}
		if ((bits & 4) && dev->l3.naddrs) {
			struct kaddr *a = &ks->addrs[ks->naddrs++];

			a->ifindex = l->ifindex;
			a->addr = dev->l3.addrs[0].addr;
			a->prefix = dev->l3.addrs[0].prefix;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifcfg_dir cfg;
	struct netgraph g = { 0 };
	struct diags d = { 0 };
	struct kstate none = { 0 }, some;

	empty_dir();
	split(data, size);
	lint_dir(dir, &d);
	if (ifcfg_dir_scan(dir, &cfg, &d) == 0 && netgraph_load(&cfg, &g, &d) == 0) {
		for (size_t i = 0; i < cfg.n; i++)
			netgraph_find(&g, cfg.files[i]->device);
		if (fuzz_graph_plannable(&g)) {
			fuzz_plan_all(&g, &none, 1);
			if (synth(&g, size ? data[0] : 0, &some) == 0)
				fuzz_plan_all(&g, &some, 1);
			kstate_free(&some);
		}
	}
	netgraph_free(&g);
	ifcfg_dir_free(&cfg);
	diags_free(&d);
	return 0;
}
