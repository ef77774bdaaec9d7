/*
 * The project's own infrastructure ("pause") process for test pods.
 *
 * It holds the pod's namespaces and does nothing else: it sleeps until a
 * signal arrives, reaps any zombie re-parented to it when it is PID 1 of a
 * shared process namespace, and exits 0 on SIGTERM or SIGINT, as the
 * Kubernetes pause container does. Built statically by scripts/docker-env.sh.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
    (void) sig;
    _exit(0);
}

static void on_child(int sig) {
    (void) sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

int main(void) {
    struct sigaction stop = {0};
    stop.sa_handler = on_stop;
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);

    struct sigaction child = {0};
    child.sa_handler = on_child;
    child.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &child, NULL);

    for (;;) {
        pause();
    }
}
