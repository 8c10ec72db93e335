/**
 * Short programs to copy from. Each is a class with {@code main} and a static method the tests call with
 * the base URL of an httpbin-compatible server; none names a transport, so each runs unchanged on whichever
 * transport is on the classpath (or named by {@code -Dsalvo.transport}).
 */
package dev.salvo.examples;
