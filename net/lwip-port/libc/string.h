/* <string.h> for lwIP: the kernel's own string functions (kernel/lib). */
#ifndef AKUMA_LWIP_STRING_H
#define AKUMA_LWIP_STRING_H

#include "lib.h"

#endif
