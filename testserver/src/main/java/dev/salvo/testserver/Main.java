package dev.salvo.testserver;

import java.util.concurrent.CountDownLatch;

/** Starts a {@link TestServer}, prints its URLs and runs until the process is killed. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestServer server = TestServer.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "salvo-testserver-shutdown"));
        System.out.println("salvo testserver running");
        System.out.println("  http:               " + server.httpUrl());
        System.out.println("  http (other host):  " + server.httpUrlOtherHost());
        System.out.println("  https:              " + server.httpsUrl());
        System.out.println("  https (wrong host): " + server.httpsWrongHostUrl());
        System.out.println("  https (client auth):" + server.httpsClientAuthUrl());
        System.out.println("  CA certificate:     " + server.certificates().caPemFile());
        System.out.println("Press Ctrl+C to stop.");
        System.out.flush();
        stopped.await();
    }
}
