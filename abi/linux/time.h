/*
 * Time structures and constants of the Linux aarch64 ABI: clocks, timers,
 * itimers, sigevent, timerfd and adjtimex (include/uapi/linux/time.h,
 * time_types.h, timex.h, timerfd.h and asm-generic/siginfo.h).
 */
#ifndef ABI_LINUX_TIME_H
#define ABI_LINUX_TIME_H

#include "kernel/include/types.h"
#include "abi/linux/stat.h" /* struct linux_timespec */

#define NSEC_PER_USEC 1000L
#define USEC_PER_SEC 1000000L
#define NSEC_PER_SEC 1000000000L

/* Clock IDs. Negative IDs name CPU clocks of a pid/tid or a clock fd. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define MAX_CLOCKS 16

/* A negative clockid: ~pid << 3 | per-thread bit | which (include/linux/posix-timers.h). */
#define CPUCLOCK_PID(clk) ((int)~((clk) >> 3))
#define CPUCLOCK_PERTHREAD(clk) (((clk) & 4) != 0)
#define CPUCLOCK_WHICH(clk) ((clk) & 3)
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_MAX 3
#define CLOCKFD 3
#define CLOCKFD_MASK 7

#define TIMER_ABSTIME 0x01

struct linux_timeval {
	s64 tv_sec;
	s64 tv_usec;
};
_Static_assert(sizeof(struct linux_timeval) == 16, "timeval layout");

struct linux_timezone {
	s32 tz_minuteswest;
	s32 tz_dsttime;
};
_Static_assert(sizeof(struct linux_timezone) == 8, "timezone layout");

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct linux_itimerval {
	struct linux_timeval it_interval;
	struct linux_timeval it_value;
};
_Static_assert(sizeof(struct linux_itimerval) == 32, "itimerval layout");

struct linux_itimerspec {
	struct linux_timespec it_interval;
	struct linux_timespec it_value;
};
_Static_assert(sizeof(struct linux_itimerspec) == 32, "itimerspec layout");

/* sigevent: sigev_notify values. SIGEV_THREAD_ID combines with SIGNAL. */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4

struct linux_sigevent {
	u64 sigev_value;  /* union sigval */
	s32 sigev_signo;
	s32 sigev_notify;
	union {
		s32 _pad[12];
		s32 _tid;     /* SIGEV_THREAD_ID */
	} un;
};
_Static_assert(sizeof(struct linux_sigevent) == 64, "sigevent layout");

/* si_code of a POSIX timer's signal. */
#define SI_TIMER -2

/* timerfd (include/uapi/linux/timerfd.h). */
#define TFD_TIMER_ABSTIME (1 << 0)
#define TFD_TIMER_CANCEL_ON_SET (1 << 1)
#define TFD_CLOEXEC 02000000  /* O_CLOEXEC */
#define TFD_NONBLOCK 00004000 /* O_NONBLOCK */
#define TFD_IOC_SET_TICKS 0x40085400 /* _IOW('T', 0, u64) */

/* struct __kernel_timex, 64-bit layout. */
struct linux_timex {
	u32 modes;
	s32 __pad0;
	s64 offset;
	s64 freq;
	s64 maxerror;
	s64 esterror;
	s32 status;
	s32 __pad1;
	s64 constant;
	s64 precision;
	s64 tolerance;
	struct linux_timeval time;
	s64 tick;
	s64 ppsfreq;
	s64 jitter;
	s32 shift;
	s32 __pad2;
	s64 stabil;
	s64 jitcnt;
	s64 calcnt;
	s64 errcnt;
	s64 stbcnt;
	s32 tai;
	s32 __reserved[11];
};
_Static_assert(sizeof(struct linux_timex) == 208, "timex layout");
_Static_assert(__builtin_offsetof(struct linux_timex, time) == 72,
	       "timex.time offset");
_Static_assert(__builtin_offsetof(struct linux_timex, tai) == 160,
	       "timex.tai offset");

/* timex.modes. ADJ_ADJTIME marks adjtime(3)'s single-shot requests. */
#define ADJ_OFFSET 0x0001
#define ADJ_FREQUENCY 0x0002
#define ADJ_MAXERROR 0x0004
#define ADJ_ESTERROR 0x0008
#define ADJ_STATUS 0x0010
#define ADJ_TIMECONST 0x0020
#define ADJ_TAI 0x0080
#define ADJ_SETOFFSET 0x0100
#define ADJ_MICRO 0x1000
#define ADJ_NANO 0x2000
#define ADJ_TICK 0x4000
#define ADJ_ADJTIME 0x8000
#define ADJ_OFFSET_SINGLESHOT 0x0001 /* with ADJ_ADJTIME */
#define ADJ_OFFSET_READONLY 0x2000   /* with ADJ_ADJTIME */

/* timex.status. */
#define STA_PLL 0x0001
#define STA_PPSFREQ 0x0002
#define STA_PPSTIME 0x0004
#define STA_FLL 0x0008
#define STA_INS 0x0010
#define STA_DEL 0x0020
#define STA_UNSYNC 0x0040
#define STA_FREQHOLD 0x0080
#define STA_PPSSIGNAL 0x0100
#define STA_PPSJITTER 0x0200
#define STA_PPSWANDER 0x0400
#define STA_PPSERROR 0x0800
#define STA_CLOCKERR 0x1000
#define STA_NANO 0x2000
#define STA_MODE 0x4000
#define STA_CLK 0x8000
/* Bits only the kernel sets. */
#define STA_RONLY (STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | \
		   STA_PPSERROR | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK)

/* Clock states, adjtimex's return value. */
#define TIME_OK 0
#define TIME_INS 1
#define TIME_DEL 2
#define TIME_OOP 3
#define TIME_WAIT 4
#define TIME_ERROR 5

#endif
