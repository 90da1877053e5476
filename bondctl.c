/* bondctl.c - the admin's tool: `check` lints a directory of ifcfg files, `dump`
 * shows what a file means as bash-sourceable KEY=VALUE lines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lint.h"
#include "kind.h"
#include "ifcfg_parse.h"
#include "netcfg.h"
#include "runstate.h"
#include "status.h"
#include "sysfs_bond.h"
#include "tool.h"
#include "try.h"
#include "ethtool_opts.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(FILE *fp)
{
	fputs("usage: bondctl check [-c DIR] [--json]\n"
	      "       bondctl dump FILE...\n"
	      "       bondctl list [-c DIR] [--onboot]\n"
	      "       bondctl status [-c DIR] [--json | --prometheus | --nagios | --brief] [NAME...]\n"
	      "       bondctl help | --help | --version\n", fp);
}

/* help, --help, and --help after a command: the usage and what each part does. */
static int help(void)
{
	usage(stdout);
	printf("\n"
	       "  check   lint every ifcfg file of DIR: FILE:LINE: error|warning: message;\n"
	       "          --json prints the findings as JSON; exit 1 if any is an error\n"
	       "  dump    what each FILE assigns, as bash-quoted KEY=VALUE lines\n"
	       "  list    the devices of DIR in start order: NAME ROLE ONBOOT NM_CONTROLLED FILE;\n"
	       "          --onboot lists only ONBOOT ones\n"
	       "  status  each configured device: in sync with its files or the differences\n"
	       "          (FILE:LINE, the kernel's value), and its health (ports, LACP, carrier);\n"
	       "          exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (Nagios plugin codes)\n"
	       "  -c DIR  the ifcfg directory (default %s)\n\n"
	       "See bondctl(8).\n", DEFAULT_DIR);
	return 0;
}

/* 1 if argv holds --help before any "--". */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

static int cmd_dump(int argc, char **argv)
{
	struct diags d = { 0 };
	int rc = 0;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct ifcfg_file *f = NULL;

		/* A file with a refused line prints nothing: half a file would mislead. */
		if (ifcfg_read(argv[i], NULL, &f, &d) == 0) {
			if (argc > 2)
				printf("# %s\n", argv[i]);
			for (size_t k = 0; k < f->nvars; k++) {
				char *q = ifcfg_quote(f->vars[k].value);

				printf("%s=%s\n", f->vars[k].key, q ? q : "");
				free(q);
			}
		} else {
			rc = 1;
		}
		ifcfg_free(f);
	}
	diags_print(&d, stderr, "bondctl", DIAG_STYLE_TOOL);
	diags_free(&d);
	return rc;
}

/* "[-c DIR] [--FLAG]": the options of check and list. */
static int dir_and_flag(int argc, char **argv, const char *flag, const char **dir, int *on)
{
	const struct option lopts[] = {
		{ flag, no_argument, NULL, 'f' },
		{ "config-dir", required_argument, NULL, 'c' },
		{ 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:", lopts, NULL)) != -1) {
		if (c == 'c') {
			*dir = optarg;
		} else if (c == 'f') {
			*on = 1;
		} else {
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	struct diags d = { 0 };
	int json = 0, rc;

	if (dir_and_flag(argc, argv, "json", &dir, &json))
		return 1;
	rc = lint_dir(dir, &d);
	if (json)
		diags_print_json(&d, stdout);
	else
		diags_print(&d, stdout, NULL, DIAG_STYLE_LINT);
	diags_free(&d);
	return rc;
}

/* The network service's view of the directory, in start order (a controller and a
 * lower device before what sits on them): it never parses a file itself. */
static int cmd_list(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	struct ifcfg_dir D = { 0 };
	struct netgraph g = { 0 };
	struct diags d = { 0 };
	int onboot = 0, rc = 0;

	if (dir_and_flag(argc, argv, "onboot", &dir, &onboot))
		return 1;
	if (ifcfg_dir_scan(dir, &D, &d) == 0 && netgraph_load(&D, &g, &d) == 0) {
		for (size_t i = 0; i < g.norder; i++) {
			const struct netnode *nd = &g.v[g.order[i]];
			const struct netcfg_dev *dev = &nd->dev;

			if (onboot && !dev->onboot)
				continue;
			/* A file with an error is listed as such (and reported), so that
			 * `network status` counts its device. */
			/* Every field is one word: a file whose DEVICE is unusable is
			 * named "-" (the name rule keeps the others safe to read). */
			printf("%s %s %s %s %s\n", dev->name[0] ? dev->name : "-",
			       !nd->loaded ? "error" :
			       netcfg_is_port_of(dev, &kind_bond) ? "slave" : dev->kind->role,
			       dev->onboot ? "yes" : "no", dev->nm_controlled ? "yes" : "no",
			       dev->file->label);
		}
		/* Left out as well: devices on a cycle, which have no place in the order. */
		for (size_t i = 0; i < g.n; i++) {
			const struct netnode *nd = &g.v[i];
			int cycle = nd->loaded && nd->rel.errors && !nd->ok;

			if (nd->loaded && !cycle)
				continue;
			rc = 1;
			diags_append(&d, &nd->load);
			if (cycle)
				diags_append(&d, &nd->rel);
		}
	} else {
		rc = 1;
	}
	/* Warnings are for `bondctl check`; list reports only what it left out. */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev != DIAG_WARNING)
			fprintf(stderr, "bondctl: %s:%d: %s\n", d.v[i].file ? d.v[i].file : dir,
				d.v[i].line, d.v[i].msg ? d.v[i].msg : "");
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
	return rc;
}

/* ---- status: the facts rtnetlink lacks, read here ---- */

/* The partner system MAC of each port of an 802.3ad bond: netlink reports only the
 * active aggregator's partner (IFLA_BOND_AD_INFO), /proc/net/bonding each port's
 * ("details partner lacp pdu: system mac address", shown to CAP_NET_ADMIN). */
static void read_partners(const char *bond, struct st_port_facts *v, size_t n)
{
	char path[64], line[256], port[IFNAMSIZ] = "";
	int partner = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/net/bonding/%s", bond);
	if (!(fp = fopen(path, "re")))
		return;
	while (fgets(line, sizeof(line), fp)) {
		unsigned m[6];

		if (sscanf(line, "Slave Interface: %15s", port) == 1)
			partner = 0;
		else if (strstr(line, "details partner lacp pdu:"))
			partner = 1;
		else if (strstr(line, "details actor lacp pdu:"))
			partner = 0;
		else if (partner && sscanf(line, " system mac address: %x:%x:%x:%x:%x:%x", &m[0], &m[1],
					   &m[2], &m[3], &m[4], &m[5]) == 6)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(v[i].name, port)) {
					for (int k = 0; k < 6; k++)
						v[i].partner_mac[k] = (uint8_t)m[k];
					v[i].has_partner_mac = 1;
				}
	}
	fclose(fp);
}

/* Every bond port in the kernel: speed and duplex (ethtool netlink), the LACP
 * partner (procfs), the failure count the last status saw.  *out malloc'd. */
static size_t read_facts(struct tool *t, struct st_port_facts **out)
{
	struct port_count *prev = NULL;
	size_t nprev = runstate_failures(&prev), n = 0;
	struct st_port_facts *v = calloc(t->ks.nlinks + 1, sizeof(*v));

	*out = v;
	for (size_t i = 0; v && i < t->ks.nlinks; i++) {
		const struct klink *l = &t->ks.links[i];
		struct st_port_facts *f = &v[n];
		struct keth e;
		struct kerr err;

		if (!l->has_slave)
			continue;
		n++;
		snprintf(f->name, sizeof(f->name), "%s", l->name);
		f->duplex = -1;
		memset(&e, 0, sizeof(e));
		if (!knl_ethtool_read(t->k, l->ifindex, 1u << ETH_LINK, &e, &err) &&
		    (e.have & (1u << ETH_LINK))) {
			/* SPEED_UNKNOWN is ~0: no link, or a virtual device. */
			f->speed = e.speed == UINT32_MAX ? 0 : e.speed;
			f->duplex = e.duplex == 0 || e.duplex == 1 ? e.duplex : -1;
		}
		for (size_t k = 0; k < nprev; k++)
			if (!strcmp(prev[k].name, l->name)) {
				f->has_prev = 1;
				f->prev_failures = prev[k].n;
			}
	}
	for (size_t i = 0; v && i < t->ks.nlinks; i++)
		if (t->ks.links[i].has_bond && t->ks.links[i].bond.num[BOPT_MODE] == 4)
			read_partners(t->ks.links[i].name, v, n);
	free(prev);
	return n;
}

/* The counts this status saw, for the next one (root only; a user's status
 * leaves the record as it was). */
static void save_failures(const struct kstate *ks)
{
	struct port_count *v = calloc(ks->nlinks + 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return;
	for (size_t i = 0; i < ks->nlinks; i++)
		if (ks->links[i].has_slave) {
			snprintf(v[n].name, sizeof(v[n].name), "%s", ks->links[i].name);
			v[n++].n = ks->links[i].slave.link_failure_count;
		}
	if (geteuid() == 0)
		runstate_set_failures(v, n);
	free(v);
}

/* 1 if the scan refused the file ifcfg-name. */
static int refused(const struct diags *scan, const char *name)
{
	for (size_t i = 0; i < scan->n; i++)
		if (scan->v[i].file && !strncmp(scan->v[i].file, "ifcfg-", 6) &&
		    !strcmp(scan->v[i].file + 6, name))
			return 1;
	return 0;
}

static int cmd_status(int argc, char **argv)
{
	enum { OUT_TEXT, OUT_JSON, OUT_PROM, OUT_NAGIOS, OUT_BRIEF } out = OUT_TEXT;
	const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "nagios", no_argument, NULL, 'N' },
		{ "brief", no_argument, NULL, 'b' },
		{ "config-dir", required_argument, NULL, 'c' },
		{ 0 }
	};
	struct tool t = { .prog = "bondctl", .all = 1, .dry_run = 1, .dir = DEFAULT_DIR };
	struct plan_env env = { 0 };
	struct st_facts facts = { 0 };
	struct st_port_facts *pf = NULL;
	struct status st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:", lopts, NULL)) != -1) {
		if (c == 'c')
			t.dir = optarg;
		else if (c == 'j' || c == 'p' || c == 'N' || c == 'b')
			out = c == 'j' ? OUT_JSON : c == 'p' ? OUT_PROM : c == 'N' ? OUT_NAGIOS : OUT_BRIEF;
		else {
			usage(stderr);
			return ST_UNKNOWN;
		}
	}
	/* The files' findings are bondctl check's: status says only what makes a
	 * device broken (its errors), once, in its own shape. */
	if ((rc = tool_begin(&t)) >= 0) {
		if (out == OUT_NAGIOS)
			printf("BONDCTL UNKNOWN - the %s\n", rc == EXIT_CONFIG ? "configuration could not be read"
										   : "kernel's state could not be read");
		return rc == EXIT_CONFIG ? ST_CRITICAL : ST_UNKNOWN;
	}
	diags_free(&t.d);
	for (int i = optind; i < argc; i++)
		if (!netgraph_find(&t.g, argv[i]) && !ifcfg_dir_find(&t.cfg, argv[i]) && !refused(&t.scan, argv[i])) {
			fprintf(stderr, "bondctl: %s: no configuration in %s\n", argv[i], t.dir);
			tool_finish(&t, 0);
			return ST_UNKNOWN;
		}
	env.module_loaded = sysfs_bond_module_loaded();
	tool_env(&t, &env);
	facts.nports = read_facts(&t, &pf);
	facts.ports = pf;
	{
		long deadline = 0;

		facts.try_pending = try_pending(facts.try_command, sizeof(facts.try_command), &deadline);
		facts.try_left = deadline - (long)time(NULL);
	}
	facts.nm_running = tool_nm_running();
	status_build(&st, &t.g, &t.scan, &t.ks, &env, &facts, argv + optind, (size_t)(argc - optind));
	if (out == OUT_JSON)
		status_print_json(&st, stdout);
	else if (out == OUT_PROM)
		status_print_prometheus(&st, stdout);
	else if (out == OUT_NAGIOS)
		status_print_nagios(&st, stdout);
	else if (out == OUT_BRIEF)
		status_print_brief(&st, stdout);
	if (out == OUT_TEXT || out == OUT_NAGIOS)
		status_print(&st, stdout);
	save_failures(&t.ks);
	rc = st.sev;
	status_free(&st);
	free(pf);
	tool_finish(&t, 0);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bondctl (ifcfg-bond) %s\n", IFCFG_BOND_VERSION);
		return 0;
	}
	if (wants_help(argc, argv) || !strcmp(argv[1], "help"))
		return help();
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return cmd_dump(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status"))
		return cmd_status(argc - 1, argv + 1);
	fprintf(stderr, "bondctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
