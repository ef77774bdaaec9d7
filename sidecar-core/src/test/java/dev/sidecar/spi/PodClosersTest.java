package dev.sidecar.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sidecar.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PodClosersTest {

    @Test
    void closesEveryPodAtOnceAndWaitsForAll() {
        int n = 5;
        CountDownLatch allClosing = new CountDownLatch(n);
        List<Pod> pods = new ArrayList<>();
        List<String> closedOn = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Pod pod = mock(Pod.class);
            when(pod.name()).thenReturn("pod-" + i);
            doAnswer(call -> {
                allClosing.countDown();
                // Each close finishes only once every close has begun: closing one after another would time out.
                if (allClosing.await(10, TimeUnit.SECONDS)) {
                    closedOn.add(Thread.currentThread().getName());
                }
                return null;
            }).when(pod).close();
            pods.add(pod);
        }

        List<RuntimeException> failures = PodClosers.closeAtOnce(pods);

        assertThat(failures).isEmpty();
        assertThat(closedOn).as("every close ran while the others had begun, each on a thread of its own")
                .containsExactlyInAnyOrder("sidecar-close-pod-0", "sidecar-close-pod-1", "sidecar-close-pod-2",
                        "sidecar-close-pod-3", "sidecar-close-pod-4");
    }

    @Test
    void returnsWhatTheClosesThrewAndStillClosesTheOthers() {
        Pod failing = mock(Pod.class);
        when(failing.name()).thenReturn("failing");
        IllegalStateException why = new IllegalStateException("engine said no");
        doThrow(why).when(failing).close();
        Pod fine = mock(Pod.class);
        when(fine.name()).thenReturn("fine");

        List<RuntimeException> failures = PodClosers.closeAtOnce(List.of(failing, fine));

        assertThat(failures).containsExactly(why);
        verify(fine).close();
    }
}
