package dev.sidecar.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Where the running pods live: each in the store of the extension context it was started for (a class for a
 * static field, a test method for an instance field), plus, per context, the list of pods started there, so that a
 * test can find every pod visible to it (its own and those of its enclosing contexts).
 *
 * <p>Only {@link Store#get} and {@link Store#put} are used: {@code Store.computeIfAbsent} exists from JUnit 6.0 on
 * and {@code getOrComputeIfAbsent} is deprecated there, so these two are what JUnit 5.13+ and 6 share. Check and put
 * cannot race: a context's callbacks run on one thread, and its children start only after its before-callbacks.
 */
final class PodScope {

    static final Namespace NAMESPACE = Namespace.create("dev.sidecar.junit");

    private PodScope() {
    }

    /** The pod stored under {@code key} in this context or an enclosing one, or else the one {@code start} starts. */
    static RunningPod startIfAbsent(ExtensionContext context, Object key, Supplier<RunningPod> start) {
        Store store = context.getStore(NAMESPACE);
        RunningPod existing = store.get(key, RunningPod.class);
        if (existing != null) {
            return existing;
        }
        RunningPod started = start.get();
        store.put(key, started);
        level(context).add(started);
        return started;
    }

    /** The pods visible in {@code context}, outermost context first, each context's in start order. */
    static List<RunningPod> visible(ExtensionContext context) {
        List<List<RunningPod>> levels = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Level level = c.get().getStore(NAMESPACE).get(new LevelKey(c.get().getUniqueId()), Level.class);
            if (level != null) {
                levels.add(level.pods);
            }
        }
        Collections.reverse(levels);
        return levels.stream().flatMap(List::stream).toList();
    }

    private static List<RunningPod> level(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        LevelKey key = new LevelKey(context.getUniqueId());
        Level level = store.get(key, Level.class);
        if (level == null) {
            level = new Level();
            store.put(key, level);
        }
        return level.pods;
    }

    /** The key of a context's list of pods; its unique id keeps an enclosing context's list from being found. */
    private record LevelKey(String uniqueId) {
    }

    /** The pods started for one context; read by its child contexts, which may run in parallel. */
    private static final class Level {
        final List<RunningPod> pods = new CopyOnWriteArrayList<>();
    }
}
