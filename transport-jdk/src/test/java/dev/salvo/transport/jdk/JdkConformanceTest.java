package dev.salvo.transport.jdk;

import dev.salvo.conformance.TransportConformance;

/** The whole conformance kit against the JDK transport. */
class JdkConformanceTest extends TransportConformance {
    JdkConformanceTest() {
        super(new JdkTransportProvider());
    }
}
