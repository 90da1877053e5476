/* bondctl.c - the admin's tool: lint and dump ifcfg files. */
#include <stdio.h>
int main(void) { return 0; }
