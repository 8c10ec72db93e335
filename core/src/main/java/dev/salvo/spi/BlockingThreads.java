package dev.salvo.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The threads a transport blocks once per exchange in flight (the JDK client's blocking
 * {@code send}, OkHttp's dispatcher): virtual threads where the JVM has them (Java 21+), daemon
 * platform threads elsewhere. Every transport takes such threads from here, so the rule is written
 * once: with 1,000 requests in flight a Java 21+ JVM parks 1,000 virtual threads on its few carrier
 * threads instead of holding 1,000 platform threads and their stacks.
 *
 * <p>Detection is at run time (this class compiles for Java 17): virtual threads are used when
 * {@code Thread.ofVirtual()} exists and makes a thread, which also rules out Java 19 and 20 without
 * preview features. Setting the system property {@value #PROPERTY} to {@code false} forces
 * platform threads on any JVM (read each time a factory is made, so it applies to transports
 * created afterwards).
 *
 * <p>A factory names each thread with the next of the names it was given, and keeps the threads it
 * made until their task ends ({@link #live()}): virtual threads are not listed by
 * {@link Thread#getAllStackTraces()} or by thread groups, so this is how a transport, its tests and
 * diagnostics see them. If the JVM refuses to make a virtual thread after detection said it could
 * (a security manager, say), {@link #newThread} throws as {@code Thread.ofVirtual()} did; nothing
 * is started in that case.
 */
public final class BlockingThreads implements ThreadFactory {
    /** System property: {@code false} forces platform threads where virtual ones are available. */
    public static final String PROPERTY = "salvo.virtualThreads";

    /** {@code () -> Thread.ofVirtual().factory()}, or null where there are no virtual threads. */
    private static final MethodHandle VIRTUAL_FACTORY = virtualFactoryHandle();
    /** {@code Thread::isVirtual}, or null before Java 21 (no thread is virtual there). */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Supplier<String> names;
    /** The JDK's factory of virtual threads, or null for platform threads. */
    private final ThreadFactory virtual;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();

    private BlockingThreads(Supplier<String> names, ThreadFactory virtual) {
        this.names = Objects.requireNonNull(names, "names");
        this.virtual = virtual;
    }

    /**
     * A factory of threads named by {@code names} (asked once per thread, from any thread): virtual
     * where {@link #virtualUsed()}, else daemon platform threads.
     */
    public static BlockingThreads named(Supplier<String> names) {
        return new BlockingThreads(names, virtualUsed() ? newVirtualFactory() : null);
    }

    /** Whether this JVM can make virtual threads (Java 21+), whatever {@value #PROPERTY} says. */
    public static boolean virtualAvailable() {
        return VIRTUAL_FACTORY != null;
    }

    /** Whether a factory made now gives virtual threads: available, and not switched off by {@value #PROPERTY}. */
    public static boolean virtualUsed() {
        return virtualAvailable() && !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());
    }

    /** Whether {@code thread} is a virtual thread; always false before Java 21. */
    public static boolean isVirtual(Thread thread) {
        Objects.requireNonNull(thread, "thread");
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    /** Whether this factory's threads are virtual. */
    public boolean virtual() {
        return virtual != null;
    }

    /** An unstarted thread, named, that runs {@code task} and is listed by {@link #live()} until it ends. */
    @Override
    public Thread newThread(Runnable task) {
        Objects.requireNonNull(task, "task");
        Runnable tracked = () -> {
            try {
                task.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        };
        Thread t;
        if (virtual != null) {
            t = virtual.newThread(tracked);
            t.setName(names.get());
        } else {
            t = new Thread(tracked, names.get());
            t.setDaemon(true);
        }
        live.add(t);
        return t;
    }

    /** The threads this factory made whose task has not ended (a thread made and never started included). */
    public Set<Thread> live() {
        return Set.copyOf(live);
    }

    @Override
    public String toString() {
        return "BlockingThreads[" + (virtual() ? "virtual" : "platform") + ", " + live.size() + " live]";
    }

    private static ThreadFactory newVirtualFactory() {
        try {
            return (ThreadFactory) VIRTUAL_FACTORY.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.ofVirtual().factory() failed", e);
        }
    }

    private static MethodHandle virtualFactoryHandle() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle make = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                    .asType(MethodType.methodType(ThreadFactory.class, ofVirtual));
            MethodHandle handle = MethodHandles.filterReturnValue(make, factory);
            // Java 19 and 20 have the method but throw without --enable-preview: make one to be sure
            ((ThreadFactory) handle.invokeExact()).newThread(() -> { });
            return handle;
        } catch (Throwable e) {
            return null;
        }
    }

    private static MethodHandle isVirtualHandle() {
        if (VIRTUAL_FACTORY == null) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
