/*
 * The Linux socket ABI as aarch64 user space sees it: address families,
 * socket types, options and message flags with Linux's values, and the
 * layouts of the structures the socket calls pass (include/linux/socket.h,
 * include/uapi/linux/un.h, include/uapi/asm-generic/socket.h).
 */
#ifndef ABI_LINUX_SOCKET_H
#define ABI_LINUX_SOCKET_H

#include "kernel/include/types.h"
/* struct linux_timeval, the value of SO_RCVTIMEO and SO_SNDTIMEO. */
#include "abi/linux/time.h"
/* struct linux_iovec. */
#include "abi/linux/fcntl.h"

/* Address families. */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46 /* NPROTO: families at or above it are EAFNOSUPPORT */

/* Socket types, and the flags socket(), socketpair() and accept4() take. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define SOCK_DCCP 6
#define SOCK_PACKET 10
#define SOCK_MAX 11
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK 04000      /* O_NONBLOCK */
#define SOCK_CLOEXEC 02000000    /* O_CLOEXEC */

/* Option levels and SOL_SOCKET options (asm-generic/socket.h). */
#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_PRIORITY 12
#define SO_LINGER 13
#define SO_BSDCOMPAT 14
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO_OLD 20
#define SO_SNDTIMEO_OLD 21
#define SO_PEERNAME 28
#define SO_ACCEPTCONN 30
#define SO_PEERSEC 31
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PASSSEC 34
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67

/* Control message types at SOL_SOCKET. */
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253 /* descriptors one SCM_RIGHTS message may carry */

/* Message flags. */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_PROBE 0x10
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_FIN 0x200
#define MSG_SYN 0x400
#define MSG_CONFIRM 0x800
#define MSG_RST 0x1000
#define MSG_ERRQUEUE 0x2000
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_BATCH 0x40000
#define MSG_ZEROCOPY 0x4000000
#define MSG_FASTOPEN 0x20000000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(). */
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

/* The limit listen() clamps its backlog to (net.core.somaxconn). */
#define SOMAXCONN 4096

struct linux_sockaddr {
	u16 sa_family;
	char sa_data[14];
};
_Static_assert(sizeof(struct linux_sockaddr) == 16, "sockaddr");

/* The largest address any family takes; the kernel's copy of one. */
struct linux_sockaddr_storage {
	u16 ss_family;
	char data[126];
} __attribute__((aligned(8)));
_Static_assert(sizeof(struct linux_sockaddr_storage) == 128,
	       "sockaddr_storage");

#define UNIX_PATH_MAX 108
struct linux_sockaddr_un {
	u16 sun_family;
	char sun_path[UNIX_PATH_MAX];
};
_Static_assert(sizeof(struct linux_sockaddr_un) == 110, "sockaddr_un");

struct linux_msghdr {
	u64 msg_name;
	s32 msg_namelen;
	u32 pad0;
	u64 msg_iov;
	u64 msg_iovlen;
	u64 msg_control;
	u64 msg_controllen;
	u32 msg_flags;
	u32 pad1;
};
_Static_assert(sizeof(struct linux_msghdr) == 56, "msghdr");

struct linux_mmsghdr {
	struct linux_msghdr msg_hdr;
	u32 msg_len;
	u32 pad;
};
_Static_assert(sizeof(struct linux_mmsghdr) == 64, "mmsghdr");

struct linux_cmsghdr {
	u64 cmsg_len;
	s32 cmsg_level;
	s32 cmsg_type;
};
_Static_assert(sizeof(struct linux_cmsghdr) == 16, "cmsghdr");

/* Control messages are aligned to the size of a long. */
#define CMSG_ALIGN(len) (((len) + 7UL) & ~7UL)
#define CMSG_SPACE(len) (sizeof(struct linux_cmsghdr) + CMSG_ALIGN(len))
#define CMSG_LEN(len) (sizeof(struct linux_cmsghdr) + (len))

struct linux_ucred {
	s32 pid;
	u32 uid;
	u32 gid;
};
_Static_assert(sizeof(struct linux_ucred) == 12, "ucred");

struct linux_linger {
	s32 l_onoff;
	s32 l_linger;
};
_Static_assert(sizeof(struct linux_linger) == 8, "linger");

#endif
