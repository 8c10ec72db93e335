package dev.salvo.transport.jdk;

import dev.salvo.conformance.TransportConformance;

/** The whole conformance kit against the JDK transport; on a Java release it refuses, the kit reports that for each test. */
@RunsOnEveryJdk
class JdkConformanceTest extends TransportConformance {
    JdkConformanceTest() {
        super(new JdkTransportProvider());
    }
}
