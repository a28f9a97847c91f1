#include <fcgiapp.h>
#include <fcgios.h>
#include <signal.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

/* Accept fails on EINTR so a signalled thread can leave FCGX_Accept_r (docs/field-notes.md: libfcgi). */
static inline int cfcgi_fail_accept_on_intr(void) { return FCGI_FAIL_ACCEPT_ON_INTR; }
