package dev.salvo.transport.jdk;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of this module (extension autodetection, see
 * {@code junit-platform.properties}): on a Java release the transport refuses to run on
 * ({@link JdkReleases}), the classes that need a working transport are skipped, with the reason
 * printed; those marked {@link RunsOnEveryJdk} (the refusal's own tests, the kit, which reports it
 * per test) still run.
 */
public final class OnlyWhereTheTransportRuns implements ExecutionCondition {
    private static volatile boolean printed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        if (type.isEmpty() || type.get().isAnnotationPresent(RunsOnEveryJdk.class)) {
            return ConditionEvaluationResult.enabled("runs on every Java release");
        }
        Optional<String> reason = JdkReleases.unavailableReason(Runtime.version());
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("the jdk transport runs on Java " + Runtime.version());
        }
        if (!printed) {
            printed = true;
            System.err.println("SKIPPED the jdk transport's own tests: " + reason.get());
        }
        return ConditionEvaluationResult.disabled("the jdk transport refuses to run on this JVM: " + reason.get());
    }
}
