package dev.salvo.transport.netty;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, made the JVM's by {@code -Dio.netty.customResourceLeakDetector} (the
 * module's Surefire argLine), that also records every leak it reports so that {@link LeakCheck} can
 * fail the build on it. It reports whatever the log level.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    /** Every leak reported in this JVM: resource type and records. */
    static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
