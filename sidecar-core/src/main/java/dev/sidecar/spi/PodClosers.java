package dev.sidecar.spi;

import dev.sidecar.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** For runtime implementations: closing the pods a runtime still has open when it closes. */
public final class PodClosers {

    private PodClosers() {
    }

    /**
     * Closes every one of {@code pods} at once, each on a thread of its own named {@code sidecar-close-<pod>}, and
     * waits until all have closed (each pod's close is bounded by its own grace period and timeouts). An interrupt
     * stops the waiting, not the closes, and stays set.
     *
     * @return what the closes threw, in no particular order; empty when every pod closed
     */
    public static List<RuntimeException> closeAtOnce(Collection<? extends Pod> pods) {
        List<RuntimeException> failures = new ArrayList<>();
        List<Thread> closers = new ArrayList<>();
        for (Pod pod : List.copyOf(pods)) {
            Thread t = new Thread(() -> {
                try {
                    pod.close();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "sidecar-close-" + pod.name());
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }
}
