package dev.salvo.transport.okhttp;

import dev.salvo.conformance.TransportConformance;

/** The whole conformance kit against the OkHttp transport. */
class OkHttpConformanceTest extends TransportConformance {
    OkHttpConformanceTest() {
        super(new OkHttpTransportProvider());
    }
}
