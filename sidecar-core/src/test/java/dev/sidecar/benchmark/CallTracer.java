package dev.sidecar.benchmark;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DockerClient} that records every command it executes: which, on what, on which thread, from when to
 * when. Streaming commands (log follow, wait, exec start) return from {@code exec} at once and go on in a
 * docker-java thread: for them the span is the call only.
 *
 * <p>It also records when main's port first accepts: once the start of main returns, an observer thread tries to
 * connect to the pod's address every millisecond and records the first success as the call {@value #PORT_OPEN}, so
 * that the time an approach's readiness check adds after that can be told from the time the server needs.
 */
final class CallTracer {

    /** One executed command; times in ms since the tracer was {@linkplain #reset() reset}. */
    record Call(double startMs, double endMs, String thread, String command, String target) {
        double ms() {
            return endMs - startMs;
        }
    }

    /** The command name of the observer's record. */
    static final String PORT_OPEN = "(port accepts)";
    private static final long OBSERVE_NANOS = java.time.Duration.ofSeconds(20).toNanos();

    private final DockerClient delegate;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private volatile long origin = System.nanoTime();

    CallTracer(DockerClient delegate) {
        this.delegate = delegate;
    }

    /** The traced client. */
    DockerClient client() {
        return (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    Object result = invoke(delegate, method, args);
                    if (result != null && method.getName().endsWith("Cmd") && method.getReturnType().isInterface()) {
                        return command(result, method.getReturnType(), method.getName(), target(args));
                    }
                    return result;
                });
    }

    /** Forgets the calls so far and starts the clock again. */
    void reset() {
        synchronized (calls) {
            calls.clear();
        }
        origin = System.nanoTime();
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private Object command(Object cmd, Class<?> type, String factory, String target) {
        String command = factory.substring(0, factory.length() - "Cmd".length());
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (!method.getName().equals("exec")) {
                    Object result = CallTracer.invoke(cmd, method, args);
                    return result == cmd ? proxy : result;
                }
                long t0 = System.nanoTime();
                try {
                    Object result = CallTracer.invoke(cmd, method, args);
                    if (cmd instanceof CreateContainerCmd create && result instanceof CreateContainerResponse r
                            && create.getName() != null) {
                        names.put(r.getId(), create.getName());
                    }
                    if (result instanceof InspectContainerResponse r) {
                        r.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                                .filter(a -> a != null && !a.isEmpty()).findFirst()
                                .ifPresent(a -> addresses.put(r.getName().replaceFirst("^/", ""), a));
                    }
                    if (command.equals("startContainer")
                            && names.getOrDefault(target, "").endsWith("." + Workload.mainName())) {
                        observe(names.get(target));
                    }
                    return result;
                } finally {
                    long t1 = System.nanoTime();
                    String on = cmd instanceof CreateContainerCmd create && create.getName() != null
                            ? create.getName() : names.getOrDefault(target, shortId(target));
                    synchronized (calls) {
                        calls.add(new Call((t0 - origin) / 1e6, (t1 - origin) / 1e6, Thread.currentThread().getName(),
                                command, on));
                    }
                }
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Records when the pod of main container {@code mainName} first accepts on the port, from now on. */
    private void observe(String mainName) {
        String infraName = mainName.substring(0, mainName.lastIndexOf('.'));
        long t0 = System.nanoTime();
        Thread observer = new Thread(() -> {
            while (System.nanoTime() - t0 < OBSERVE_NANOS) {
                String address = addresses.get(infraName);
                if (address != null) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(address, Workload.PORT), 500);
                        synchronized (calls) {
                            calls.add(new Call((t0 - origin) / 1e6, (System.nanoTime() - origin) / 1e6, "observer",
                                    PORT_OPEN, address + ":" + Workload.PORT));
                        }
                        return;
                    } catch (java.io.IOException notYet) {
                        // try again
                    }
                }
                Workload.sleep(java.time.Duration.ofMillis(1));
            }
        }, "port-observer");
        observer.setDaemon(true);
        observer.start();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String target(Object[] args) {
        return args != null && args.length > 0 && args[0] instanceof String s ? s : "";
    }

    private static String shortId(String id) {
        return id.length() == 64 ? id.substring(0, 12) : id;
    }
}
