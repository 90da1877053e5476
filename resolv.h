/* resolv.h - /etc/resolv.conf kept as the legacy ifup-post and ifdown-post keep it:
 * the device's DNS1..DNS3 replace the nameserver lines, its DOMAIN leads the search
 * line, everything else stays; the first change saves the old file, which the
 * device's ifdown puts back. */
#ifndef RESOLV_H
#define RESOLV_H

#include <stddef.h>

#define RESOLV_CONF "/etc/resolv.conf"
#define RESOLV_SAVE "/etc/resolv.conf.save"

struct netcfg_dns {
	char ns[3][46];		/* DNS1..DNS3, duplicates dropped, gaps closed (legacy) */
	int nns;
	char search[256];	/* DOMAIN, then SEARCH: blank-separated domains */
	int line;		/* the first of those lines, for messages and the plan */
	int apply;		/* PEERDNS is not no, or RESOLV_MODS is yes */
};

/* The file that cur (the current content, "" when there is none) becomes with dns,
 * or NULL when cur already says what dns asks (the legacy test: the search line
 * holds the domains, the nameservers are there in order).  Caller frees. */
char *resolv_update(const char *cur, const struct netcfg_dns *dns);

/* Larger is no resolver's file. */
#define RESOLV_MAX (1u << 20)

/* The whole file, or NULL when it cannot be read whole (errno says why: EINVAL for
 * no regular file or a NUL byte, EFBIG above RESOLV_MAX).  Caller frees. */
char *resolv_read(const char *path);
/* path becomes text, whole or not at all: a temporary file in its directory, then
 * rename(), with the mode, owner and SELinux context of the file it replaces, else
 * of like (NULL: none), else 0644 root's.  Temporary files a killed run left are
 * removed first.  0, or -1 with errno. */
int resolv_write(const char *path, const char *text, const char *like);

#endif
