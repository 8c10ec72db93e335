package dev.salvo.transport.jdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A test class that runs even on the Java releases the transport refuses ({@link OnlyWhereTheTransportRuns}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface RunsOnEveryJdk {
}
