/* readfile.h - reading a whole file that a hostile or careless admin may have put in
 * its place: only a regular file (a FIFO would hang the run with the lock held, a
 * directory would read as empty), opened without blocking, never larger than the
 * caller's limit.  The ifcfg files, the route and rule files and resolv.conf. */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>

/* The whole of path, NUL-terminated (it may hold NUL bytes before *len), in *out
 * (malloc'd, the caller's).  0, or an errno: ENOENT and open's others, EINVAL when
 * it is no regular file, EFBIG when it holds more than max bytes, ENOMEM, or read's. */
int readfile(const char *path, size_t max, char **out, size_t *len);

#endif
