/* The benchmark's ceiling for the FastCGI path: a minimal threaded libfcgi responder that answers every
 * request with a fixed small JSON body, shaped like libfcgi's own threaded.c example.
 * Build: cc -O2 -o c-responder c-responder.c -lfcgi -lpthread
 * Run:   c-responder SOCKET_PATH THREADS */
#include <fcgiapp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int listen_fd;
static const char response[] =
    "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 92\r\n\r\n"
    "{\"success\":true,\"can_use_calendar_sync\":true,\"total_connected\":0,\"feature_enabled\":true}    ";

static void *serve(void *unused) {
    (void)unused;
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_fd, 0);
    for (;;) {
        if (FCGX_Accept_r(&request) < 0) break;
        FCGX_PutStr(response, sizeof(response) - 1, request.out);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH THREADS\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[2]);
    FCGX_Init();
    unlink(argv[1]);
    listen_fd = FCGX_OpenSocket(argv[1], 1024);
    if (listen_fd < 0) {
        perror("FCGX_OpenSocket");
        return 1;
    }
    chmod(argv[1], 0666);
    pthread_t ids[256];
    if (threads < 1 || threads > 256) threads = 4;
    for (int i = 0; i < threads; i++) pthread_create(&ids[i], NULL, serve, NULL);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    return 0;
}
