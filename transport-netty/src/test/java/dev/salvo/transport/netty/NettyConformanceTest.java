package dev.salvo.transport.netty;

import dev.salvo.conformance.TransportConformance;

/** The whole conformance kit against the Netty transport (LeakCheck runs around it, as around every class). */
class NettyConformanceTest extends TransportConformance {
    NettyConformanceTest() {
        super(new NettyTransportProvider());
    }
}
