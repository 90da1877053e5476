/* bondctl.c - the admin's tool: `check` lints a directory of ifcfg files, `dump`
 * shows what a file means as bash-sourceable KEY=VALUE lines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bond_lint.h"
#include "ifcfg_parse.h"
#include "netcfg.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(FILE *fp)
{
	fputs("usage: bondctl check [-c DIR] [--json]\n"
	      "       bondctl dump FILE...\n"
	      "       bondctl list [-c DIR] [--onboot]\n"
	      "       bondctl help\n", fp);
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
	rc = bond_lint_dir(dir, &d);
	if (json)
		diags_print_json(&d, stdout);
	else
		diags_print(&d, stdout, NULL, DIAG_STYLE_LINT);
	diags_free(&d);
	return rc;
}

struct listed {
	const struct ifcfg_file *f;
	int rank;			/* legacy start order: lo, bonds, plain, VLANs, slaves */
	struct netcfg_dev dev;
};

static const char *const role_names[] = { "lo", "bond", "plain", "vlan", "slave" };

static int cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return ifcfg_natcmp(x->dev.name, y->dev.name);
}

/* The network service's view of the directory: it never parses a file itself. */
static int cmd_list(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	struct ifcfg_dir D = { 0 };
	struct diags d = { 0 };
	struct listed *v = NULL;
	size_t n = 0;
	int onboot = 0, rc = 0;

	if (dir_and_flag(argc, argv, "onboot", &dir, &onboot))
		return 1;
	if (ifcfg_dir_scan(dir, &D, &d) == 0 && (v = calloc(D.n ? D.n : 1, sizeof(*v)))) {
		for (size_t i = 0; i < D.n; i++) {
			struct listed *l = &v[n];

			/* A file with an error is left out (and reported): the service must
			 * not bring up half a configuration. */
			if (netcfg_dev_load(D.files[i], &l->dev, &d)) {
				rc = 1;
				continue;
			}
			if (onboot && !l->dev.onboot)
				continue;
			l->f = D.files[i];
			l->rank = !strcmp(l->dev.name, "lo") ? 0 : l->dev.role == ROLE_BOND ? 1 :
				  l->dev.role == ROLE_VLAN ? 3 : l->dev.role == ROLE_SLAVE ? 4 : 2;
			n++;
		}
		qsort(v, n, sizeof(*v), cmp_listed);
		for (size_t i = 0; i < n; i++)
			printf("%s %s %s %s %s\n", v[i].dev.name, role_names[v[i].rank],
			       v[i].dev.onboot ? "yes" : "no", v[i].dev.nm_controlled ? "yes" : "no",
			       v[i].f->label);
	} else {
		rc = 1;
	}
	/* Warnings are for `bondctl check`; list reports only what it left out. */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev == DIAG_ERROR)
			fprintf(stderr, "bondctl: %s:%d: %s\n", d.v[i].file ? d.v[i].file : dir,
				d.v[i].line, d.v[i].msg ? d.v[i].msg : "");
	free(v);
	ifcfg_dir_free(&D);
	diags_free(&d);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return cmd_dump(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "bondctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
